package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.Pkce;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser sign-in whose Deferno token was revoked at Deferno (a WireMock here) is not
 * copied into the next app approved in that browser: once older than the check interval,
 * it is checked with Deferno before the consent page, ended on Deferno's 401, and the
 * person signs in again and carries on with the same authorization request. Deferno
 * unavailable, the approval goes on as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
class RevokedSignInIT {

	static final int PORT = FreePorts.next();

	static final String BASE = "http://127.0.0.1:" + PORT;

	static final WireMockServer deferno = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		deferno.start();
	}

	private static final String APP_REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String ME = """
			{"id":"7f7c2a36-alice","username":"alice","display_name":"Alice Example","is_admin":false}""";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> BASE);
		registry.add("auth.storage", () -> "memory");
		registry.add("auth.upstream.connector", () -> "deferno");
		registry.add("auth.upstream.deferno-base-url", () -> deferno.baseUrl() + "/api");
		registry.add("auth.session.sign-in-check-interval", () -> "2m");
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	@Autowired
	private MutableClock clock;

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private TokenVault vault;

	private final Browser browser = new Browser();

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE, this.browser);

	@BeforeEach
	void stubDeferno() {
		deferno.resetAll();
		deferno.stubFor(post("/api/auth/native/register").willReturn(okJson("""
				{"version":"0.1","data":{"client_id":"native-123"},"error":null}""")));
		issues("tok-1", "dfr_pat_first");
		deferno.stubFor(get("/api/auth/me").withHeader("Authorization", equalTo("Bearer dfr_pat_first"))
			.willReturn(okJson(ME)));
	}

	/** Deferno's next sign-in hands out {@code token}. */
	private static void issues(String id, String token) {
		deferno.stubFor(post("/api/auth/native/token").willReturn(okJson("""
				{"version":"0.1","data":{"id":"%s","kind":"personal_access_token","token":"%s"},"error":null}"""
			.formatted(id, token))));
	}

	@Test
	void authorizeWhenTheSignInsTokenWasRevokedAtDefernoThenSignInAgainAndTheNewGrantHoldsTheNewToken() {
		approve(register(), true);
		// revoked at Deferno: DELETE /api/auth/tokens/tok-1, or the person signed out
		// there
		deferno.stubFor(get("/api/auth/me").withHeader("Authorization", equalTo("Bearer dfr_pat_first"))
			.willReturn(aResponse().withStatus(401)));
		issues("tok-2", "dfr_pat_second");
		deferno.stubFor(get("/api/auth/me").withHeader("Authorization", equalTo("Bearer dfr_pat_second"))
			.willReturn(okJson(ME)));
		String app = register();
		// within the interval, nothing is asked of Deferno
		int asked = meCalls();
		HttpResponse<String> consent = this.flow
			.authorize(AuthorizationCodeFlow.request(app, APP_REDIRECT, Pkce.s256(), "early"));
		assertThat(Browser.location(consent)).contains("/consent?");
		assertThat(meCalls()).isEqualTo(asked);

		this.clock.advance(Duration.ofMinutes(3));

		OAuth2Authorization grant = approve(app, true);
		assertThat(this.vault.forGrant(grant.getId())).map(DefernoCredential::token).hasValue("dfr_pat_second");
		// asked once before the consent page; the new sign-in's own /auth/me besides
		assertThat(meCalls()).isEqualTo(asked + 2);
	}

	@Test
	void authorizeWhenDefernoIsUnavailableForTheCheckThenTheSignInGoesOnAndIsNotAskedAgainWithinTheInterval() {
		approve(register(), true);
		deferno.stubFor(get("/api/auth/me").willReturn(aResponse().withStatus(503)));
		this.clock.advance(Duration.ofMinutes(3));
		int asked = meCalls();

		OAuth2Authorization grant = approve(register(), false);
		assertThat(this.vault.forGrant(grant.getId())).map(DefernoCredential::token).hasValue("dfr_pat_first");
		assertThat(meCalls()).isEqualTo(asked + 1);
		approve(register(), false);
		assertThat(meCalls()).isEqualTo(asked + 1);
	}

	private static String register() {
		return (String) new RegistrationClient(BASE).registerPublic(APP_REDIRECT).get("client_id");
	}

	/**
	 * The browser approves {@code clientId}, through Deferno's sign-in when
	 * {@code signIn} says it must be sent there, and redeems the code; returns the grant.
	 */
	private OAuth2Authorization approve(String clientId, boolean signIn) {
		Pkce pkce = Pkce.s256();
		HttpResponse<String> answer = this.flow
			.authorize(AuthorizationCodeFlow.request(clientId, APP_REDIRECT, pkce, "app-state"));
		assertThat(Browser.location(answer)).as(answer.body())
			.contains(signIn ? "/oauth2/authorization/deferno?request=" : "/consent?");
		if (signIn) {
			HttpResponse<String> toDeferno = this.browser
				.get(URI.create(BASE).resolve(Browser.location(answer)).toString());
			String state = Browser.query(Browser.location(toDeferno)).get("state");
			HttpResponse<String> back = this.browser.get(BASE + "/login/callback?code=native-code&state=" + state);
			assertThat(Browser.location(back)).as(back.body()).contains("/oauth2/authorize?");
			answer = this.browser.get(URI.create(BASE).resolve(Browser.location(back)).toString(), "Accept",
					Browser.HTML);
		}
		HttpResponse<String> page = this.flow.consentPage(answer);
		Map<String, String> callback = AuthorizationCodeFlow
			.query(this.flow.approve(page.body(), AuthorizationCodeFlow.requestedScopes(page.body())));
		assertThat(callback).containsKey("code");
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, callback.get("code"), pkce, APP_REDIRECT, null);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		String accessToken = new JsonMapper().readTree(tokens.body()).path("access_token").asString();
		return this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
	}

	private static int meCalls() {
		return deferno.findAll(getRequestedFor(urlPathEqualTo("/api/auth/me"))).size();
	}

}
