package com.defernowork.gateway.sandbox.oauth;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeClientsTests {

	@Test
	void findWhenSandboxRestartedThenRegistrationRecoveredFromClientId() {
		NativeClient registered = new NativeClients().register("Gateway", List.of("http://localhost:9000/cb"),
				Instant.now());
		NativeClient recovered = new NativeClients().find(registered.clientId()).orElseThrow();
		assertThat(recovered.clientName()).isEqualTo("Gateway");
		assertThat(recovered.allows("http://localhost:9000/cb")).isTrue();
		assertThat(recovered.allows("http://localhost:9000/cb/")).isFalse();
	}

	@Test
	void registerWhenSameRegistrationThenSameClientId() {
		NativeClients clients = new NativeClients();
		assertThat(clients.register("A", List.of("https://a/cb"), Instant.now()).clientId())
			.isEqualTo(clients.register("A", List.of("https://a/cb"), Instant.now()).clientId())
			.isNotEqualTo(clients.register("A", List.of("https://b/cb"), Instant.now()).clientId());
	}

	@Test
	void findWhenGarbageOrForeignIdThenEmpty() {
		NativeClients clients = new NativeClients();
		assertThat(clients.find("nobody")).isEmpty();
		assertThat(clients.find("sbx_!!!")).isEmpty();
		assertThat(clients.find("sbx_e30")).isEmpty();
		assertThat(clients.find(null)).isEmpty();
	}

}
