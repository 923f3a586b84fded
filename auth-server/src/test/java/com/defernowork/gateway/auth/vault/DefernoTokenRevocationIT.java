package com.defernowork.gateway.auth.vault;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.DefernoTokenLifecycle;
import com.defernowork.gateway.auth.support.DefernoTokenLifecycle.Revoked;
import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;

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
 * Against the real deferno-sandbox and Redis: the personal access token a native sign-in
 * redeems stays valid at Deferno while the sign-in or a grant holds it, and is revoked
 * there once neither does. The sign-in holds it while its browser session may still use
 * it: until a Deny, or the signed-in idle timeout after the session's last authorization
 * request or consent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "auth.storage=redis")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DefernoTokenRevocationIT {

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox").env("SANDBOX_PORT", "0").start();

	private static final String BASE_URL = "http://127.0.0.1:" + FreePorts.next();

	private static final String RESOURCE = "http://localhost:8001/mcp";

	private static final String REDIS_PREFIX = TestRedis.uniquePrefix("revocation-it");

	private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

	/** AUTH_SESSION_SIGNED_IN_TIMEOUT's default. */
	private static final Duration SIGNED_IN_TIMEOUT = Duration.ofMinutes(30);

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

	@Autowired
	private MutableClock clock;

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	private final Pkce pkce = Pkce.s256();

	@Test
	void sweepWhenTheConsentIsDeniedThenTheSignInsDefernoTokenIsRevokedAtOnce() {
		String consentPage = this.flow.consentPageThroughSignInPage(authorizationRequest(), "alice", "sandbox");
		String token = signInToken(consentPage);
		this.sweep.sweep();
		assertThat(defernoAnswers(token)).as("the sign-in holds it").isEqualTo(200);

		HttpResponse<String> denied = this.flow.deny(consentPage);
		assertThat(denied.headers().firstValue("Location").orElseThrow()).contains("error=access_denied");
		this.sweep.sweep();

		assertThat(defernoAnswers(token)).isEqualTo(401);
	}

	@Test
	void sweepWhenTheConsentPageIsLeftOpenThenRevokedOnceTheSignedInSessionWouldHaveIdledOut() {
		String token = signInToken(this.flow.consentPageThroughSignInPage(authorizationRequest(), "alice", "sandbox"));

		this.clock.advance(SIGNED_IN_TIMEOUT.minusMinutes(1));
		this.sweep.sweep();
		assertThat(defernoAnswers(token)).isEqualTo(200);
		// the pending grant's copy ended long before (AUTH_PENDING_AUTHORIZATION_TTL)
		this.clock.advance(Duration.ofMinutes(1).plus(DefernoTokenHolders.CLOCK_SKEW));
		this.sweep.sweep();

		assertThat(defernoAnswers(token)).isEqualTo(401);
	}

	@Test
	void sweepWhenTheOnlyGrantIsRevokedThenTheSignInHoldsTheTokenItsIdleTimeoutAfterTheConsentNotHours() {
		Map<String, String> request = authorizationRequest();
		URI back = this.flow.codeThroughSignInPage(request, "alice", "sandbox");
		HttpResponse<String> tokens = this.flow.exchangeCode(request.get("client_id"),
				Browser.query(back.toString()).get("code"), this.pkce, REDIRECT_URI, RESOURCE);
		Map<String, Object> issued = Json.parse(tokens.body());
		OAuth2Authorization grant = this.authorizations.findByToken((String) issued.get("access_token"),
				OAuth2TokenType.ACCESS_TOKEN);
		String token = this.vault.forGrant(grant.getId()).orElseThrow().token();
		assertThat(this.flow.revoke(request.get("client_id"), (String) issued.get("refresh_token")).statusCode())
			.isEqualTo(200);

		this.clock.advance(SIGNED_IN_TIMEOUT.minusMinutes(1));
		this.sweep.sweep();
		assertThat(defernoAnswers(token)).as("the browser session may still connect another app").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(1).plus(DefernoTokenHolders.CLOCK_SKEW));
		this.sweep.sweep();

		assertThat(defernoAnswers(token)).isEqualTo(401);
	}

	private Map<String, String> authorizationRequest() {
		String clientId = (String) new RegistrationClient(BASE_URL).registerPublic(REDIRECT_URI).get("client_id");
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT_URI, this.pkce, "s1");
		request.put("scope", "tasks:read");
		request.put("resource", RESOURCE);
		return request;
	}

	/** The Deferno token the sign-in that shows this consent page holds. */
	private String signInToken(String consentPage) {
		String state = AuthorizationCodeFlow.hiddenFields(consentPage, "deny").get("state");
		OAuth2Authorization pending = this.authorizations.findByToken(state, TokenTypes.STATE);
		String handle = VaultBoundAuthorizationService.signInHandle(pending);
		return this.vault.forSignIn(handle).orElseThrow().token();
	}

	private int defernoAnswers(String token) {
		return new Browser().get(sandbox.baseUrl() + "/api/auth/me", "Authorization", "Bearer " + token).statusCode();
	}

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
