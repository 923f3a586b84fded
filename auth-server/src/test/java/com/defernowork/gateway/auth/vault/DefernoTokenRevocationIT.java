package com.defernowork.gateway.auth.vault;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.DefernoTokenLifecycle;
import com.defernowork.gateway.auth.support.DefernoTokenLifecycle.Revoked;
import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real deferno-sandbox and Redis: the personal access token a native sign-in
 * redeems stays valid at Deferno while the sign-in or a grant holds it, and is revoked
 * there once neither does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "auth.storage=redis")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DefernoTokenRevocationIT {

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox").env("SANDBOX_PORT", "0").start();

	private static final String BASE_URL = "http://127.0.0.1:" + FreePorts.next();

	private static final String RESOURCE = "http://localhost:8001/mcp";

	private static final String REDIS_PREFIX = TestRedis.uniquePrefix("revocation-it");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> URI.create(BASE_URL).getPort());
		registry.add("auth.issuer", () -> BASE_URL);
		registry.add("auth.resources", () -> RESOURCE);
		registry.add("auth.rs-client.id", () -> "rs-revocation");
		registry.add("auth.rs-client.secret", () -> "rs-revocation-secret-0123456789-abcdefghij");
		registry.add("auth.vault.key", () -> RunningAuthServer.VAULT_KEY);
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("auth.redis.key-prefix", () -> REDIS_PREFIX);
		registry.add("auth.upstream.deferno-base-url", () -> sandbox.baseUrl() + "/api");
	}

	@AfterAll
	static void stop() {
		sandbox.close();
		AuthServerTestBase.deleteKeys(REDIS_PREFIX);
	}

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private TokenVault vault;

	@Autowired
	private DefernoTokenSweep sweep;

	@Autowired
	private MeterRegistry meters;

	@Test
	void revokeWhenTheLastGrantOfASignedOutPersonEndsThenItsDefernoTokenIsRevokedAtDeferno(CapturedOutput output) {
		Revoked revoked = new DefernoTokenLifecycle(BASE_URL, RESOURCE, sandbox.baseUrl() + "/api", this.authorizations,
				this.vault, this.sweep, this.meters)
			.run("sandbox");
		assertThat(output.getAll())
			.containsPattern("\\{\"event\":\"deferno_token.revoked\",\"user\":\"" + revoked.user()
					+ "\",\"token_id\":\"[^\"]+\",\"outcome\":\"revoked\"}")
			.doesNotContain(revoked.token());
	}

}
