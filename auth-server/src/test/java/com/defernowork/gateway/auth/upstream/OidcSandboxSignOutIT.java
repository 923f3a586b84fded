package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.SignOut;
import com.defernowork.gateway.auth.vault.DefernoTokenSweep;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
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

	private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

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

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	private final Browser deferno = new Browser();

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
		// the sandbox's alice has the OIDC subject "alice"
		idp.enqueueCallback(new DefaultOAuth2TokenCallback("deferno", "alice", "JWT", List.of("gateway"),
				Map.of("preferred_username", "alice")));
		String clientId = (String) new RegistrationClient(BASE_URL).registerPublic(REDIRECT_URI).get("client_id");
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT_URI, pkce, "s1");
		request.put("scope", "tasks:read");
		request.put("resource", RESOURCE);
		// mock-oauth2-server signs in without a page: the only page is the consent page
		URI back = this.flow.codeThroughSignInPage(request, "alice", "not asked");
		String code = Browser.query(back.toString()).get("code");
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, code, pkce, REDIRECT_URI, RESOURCE);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> issued = Json.parse(tokens.body());
		OAuth2Authorization grant = this.authorizations.findByToken((String) issued.get("access_token"),
				OAuth2TokenType.ACCESS_TOKEN);
		String session = this.vault.forGrant(grant.getId()).orElseThrow().token();
		assertThat(defernoAnswers(session)).isEqualTo(200);

		SignOut.of(this.flow.browser(), BASE_URL);
		this.sweep.sweep();
		assertThat(defernoAnswers(session)).as("the grant still holds it").isEqualTo(200);

		assertThat(this.flow.revoke(clientId, (String) issued.get("refresh_token")).statusCode()).isEqualTo(200);
		double revokedBefore = revokedCount();
		this.sweep.sweep();
		assertThat(defernoAnswers(session)).isEqualTo(401);
		assertThat(revokedCount() - revokedBefore).as("confirmed by /auth/me, so revoked, not refused").isEqualTo(1);
		assertThat(output.getAll())
			.contains("{\"event\":\"deferno_token.revoked\",\"user\":\"" + grant.getPrincipalName()
					+ "\",\"outcome\":\"revoked\"}")
			.doesNotContain(session);
	}

	private double revokedCount() {
		return this.meters.counter("gateway.auth.deferno.tokens.revoked", "outcome", "revoked").count();
	}

	private int defernoAnswers(String token) {
		return this.deferno.get(sandbox.baseUrl() + "/api/auth/me", "Authorization", "Bearer " + token).statusCode();
	}

}
