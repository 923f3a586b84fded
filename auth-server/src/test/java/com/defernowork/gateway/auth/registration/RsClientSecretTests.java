package com.defernowork.gateway.auth.registration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.AuthServerApplication;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class RsClientSecretTests {

	private static final String LOCAL_ISSUER = "http://localhost:9000";

	@Test
	void redisStorageWhenSecretIsTheBuiltInOneOrEmptyThenRefusedNamingTheSetting() {
		for (String secret : new String[] { RsClientRegistrar.DEFAULT_SECRET, "", "  ", null }) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(
						() -> RsClientRegistrar.refuseKnownSecret(secret, StorageKind.REDIS, "127.0.0.1", LOCAL_ISSUER))
				.withMessageContaining("RS_CLIENT_SECRET (auth.rs-client.secret)")
				.withMessageContaining("with Redis storage")
				.withMessageContaining("openssl rand -base64 32")
				.withMessageNotContaining(RsClientRegistrar.DEFAULT_SECRET);
		}
	}

	@Test
	void memoryStorageReachableBeyondLoopbackWhenSecretIsTheBuiltInOneThenRefused() {
		// the image listens on every address; a token endpoint reached from elsewhere
		// would exchange anyone's MCP token for their Deferno token under the built-in
		// secret
		for (String address : new String[] { "0.0.0.0", "::", null, "", "192.0.2.10" }) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> RsClientRegistrar.refuseKnownSecret(RsClientRegistrar.DEFAULT_SECRET,
						StorageKind.MEMORY, address, LOCAL_ISSUER))
				.withMessageContaining("SERVER_ADDRESS and AUTH_ISSUER are loopback")
				.withMessageContaining((address != null && !address.isEmpty()) ? "listening on " + address
						: "listening on every address")
				.withMessageNotContaining(RsClientRegistrar.DEFAULT_SECRET);
		}
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> RsClientRegistrar.refuseKnownSecret("", StorageKind.MEMORY, "127.0.0.1",
					"https://mcp.example.com"))
			.withMessageContaining("issuer https://mcp.example.com");
	}

	@Test
	void memoryStorageOnLoopbackOrOwnSecretThenAccepted() {
		for (String address : new String[] { "127.0.0.1", "::1", "localhost" }) {
			assertThatNoException().isThrownBy(() -> RsClientRegistrar
				.refuseKnownSecret(RsClientRegistrar.DEFAULT_SECRET, StorageKind.MEMORY, address, LOCAL_ISSUER));
		}
		assertThatNoException().isThrownBy(() -> RsClientRegistrar.refuseKnownSecret("a-secret-of-our-own",
				StorageKind.REDIS, "0.0.0.0", "https://mcp.example.com"));
		assertThatNoException().isThrownBy(() -> RsClientRegistrar.refuseKnownSecret("a-secret-of-our-own",
				StorageKind.MEMORY, "0.0.0.0", "https://mcp.example.com"));
	}

	@Test
	void weakSecretWarningNamesTheExampleValueAsSuchAndAShortOneAsSlow() {
		assertThat(RsClientRegistrar.weakSecretWarning(RsClientRegistrar.DEFAULT_SECRET))
			.startsWith("RS_CLIENT_SECRET (auth.rs-client.secret) is the built-in example value")
			.doesNotContain(RsClientRegistrar.DEFAULT_SECRET);
		assertThat(RsClientRegistrar.weakSecretWarning("a-secret-of-our-own"))
			.startsWith("RS_CLIENT_SECRET (auth.rs-client.secret) is shorter than 43 characters or not varied");
		assertThat(RsClientRegistrar.weakSecretWarning("Rk3q9ZtWc1vN8yHbL0sXeJp4uAfD7gMo2iQ5rTnYwKE")).isNull();
	}

	@Test
	void startWhenMemoryStorageListensOnEveryAddressUnderTheBuiltInSecretThenShortReport(CapturedOutput output) {
		assertThatThrownBy(() -> SpringApplication.run(AuthServerApplication.class, "--auth.storage=memory",
				"--server.address=0.0.0.0", "--server.port=0", "--auth.rs-client.secret=",
				"--spring.main.banner-mode=off"))
			.hasRootCauseInstanceOf(InvalidSettingException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("RS_CLIENT_SECRET (auth.rs-client.secret) must be a value of your own unless both SERVER_ADDRESS"
					+ " and AUTH_ISSUER are loopback (listening on 0.0.0.0, issuer http://localhost:9000)")
			.doesNotContain("\tat ");
	}

}
