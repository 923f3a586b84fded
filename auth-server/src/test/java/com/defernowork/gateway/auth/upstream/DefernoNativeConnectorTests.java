package com.defernowork.gateway.auth.upstream;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.testsupport.FreePorts;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DefernoNativeConnectorTests {

	@Test
	void authorizationUriWhenDefernoUnreachableThenUnavailableNotTimeout() {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		UpstreamHttp http = new UpstreamHttp(RestClient.builder().requestFactory(requests).build());
		DefernoApi deferno = new DefernoApi(http, "http://127.0.0.1:" + FreePorts.next() + "/api");
		DefernoNativeConnector connector = new DefernoNativeConnector(deferno, new MemoryNativeClientStore(), null,
				"gateway", "http://localhost:9000/login/callback");
		assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> connector.authorizationUri(PendingLogin.start(Instant.now())))
			.withMessage("Deferno is unreachable")
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.isTimeout()).isFalse());
	}

}
