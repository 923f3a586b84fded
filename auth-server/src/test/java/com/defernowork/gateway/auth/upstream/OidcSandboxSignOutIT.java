package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.DefernoTokenLifecycle;
import com.defernowork.gateway.auth.support.DefernoTokenLifecycle.Revoked;
import com.defernowork.gateway.auth.vault.DefernoTokenSweep;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;

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
 * Connector {@code oidc} against mock-oauth2-server for identity and the real
 * deferno-sandbox: the Deferno session minted for a sign-in is ended at Deferno with
 * {@code POST /auth/logout} once neither the sign-in nor a grant holds it, and that is
 * confirmed there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OidcSandboxSignOutIT {

	static final String SECRET = "oidc-sandbox-internal-s3cret";

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox")
		.env("SANDBOX_PORT", "0")
		.env("SANDBOX_INTERNAL_SECRET", SECRET)
		.start();

	static final MockOAuth2Server idp = new MockOAuth2Server();

	static {
		idp.start();
	}

	private static final String BASE_URL = "http://127.0.0.1:" + FreePorts.next();

	private static final String RESOURCE = "http://localhost:8001/mcp";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> URI.create(BASE_URL).getPort());
		registry.add("auth.issuer", () -> BASE_URL);
		registry.add("auth.resources", () -> RESOURCE);
		registry.add("auth.storage", () -> "memory");
		registry.add("UPSTREAM_CONNECTOR", () -> "oidc");
		registry.add("OIDC_ISSUER", () -> idp.issuerUrl("deferno").toString());
		registry.add("OIDC_CLIENT_ID", () -> "gateway");
		registry.add("OIDC_CLIENT_SECRET", () -> "gateway-secret");
		registry.add("INTERNAL_SHARED_SECRET", () -> SECRET);
		registry.add("auth.upstream.deferno-base-url", () -> sandbox.baseUrl() + "/api");
	}

	@AfterAll
	static void stop() {
		idp.shutdown();
		sandbox.close();
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
	void sweepWhenTheLastGrantOfASignedOutPersonEndsThenTheirDefernoSessionIsLoggedOutAtDeferno(CapturedOutput output) {
		// the sandbox's alice has the OIDC subject "alice"; mock-oauth2-server signs her
		// in without a page, so no password is asked
		idp.enqueueCallback(new DefaultOAuth2TokenCallback("deferno", "alice", "JWT", List.of("gateway"),
				Map.of("preferred_username", "alice")));
		Revoked revoked = new DefernoTokenLifecycle(BASE_URL, RESOURCE, sandbox.baseUrl() + "/api", this.authorizations,
				this.vault, this.sweep, this.meters)
			.run("not asked");
		// no token id: ended with POST /auth/logout, confirmed by /auth/me's 401
		assertThat(output.getAll())
			.contains(
					"{\"event\":\"deferno_token.revoked\",\"user\":\"" + revoked.user() + "\",\"outcome\":\"revoked\"}")
			.doesNotContain(revoked.token());
	}

}
