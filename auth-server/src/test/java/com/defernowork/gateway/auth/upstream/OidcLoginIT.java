package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.SignOut;
import com.defernowork.gateway.auth.vault.DefernoTokenSweep;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.HtmlForm;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector {@code oidc} against mock-oauth2-server for identity and a WireMock Deferno
 * for {@code /internal/mcp-session} and {@code /auth/me}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcLoginIT {

	static final int PORT = FreePorts.next();

	static final String BASE = "http://127.0.0.1:" + PORT;

	static final String SECRET = "internal-s3cret";

	static final MockOAuth2Server idp = new MockOAuth2Server();

	static final WireMockServer deferno = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		idp.start();
		deferno.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> BASE);
		registry.add("auth.storage", () -> "memory");
		// the documented environment names, resolved as an operator's environment
		// variables are
		registry.add("UPSTREAM_CONNECTOR", () -> "oidc");
		registry.add("OIDC_ISSUER", () -> idp.issuerUrl("zitadel").toString());
		registry.add("OIDC_CLIENT_ID", () -> "gateway");
		registry.add("OIDC_CLIENT_SECRET", () -> "gateway-secret");
		registry.add("INTERNAL_SHARED_SECRET", () -> SECRET);
		registry.add("auth.upstream.deferno-base-url", () -> deferno.baseUrl() + "/api");
	}

	@AfterAll
	static void stop() {
		idp.shutdown();
		deferno.stop();
	}

	private final Browser browser = new Browser();

	@Autowired
	private DefernoTokenSweep sweep;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void stubDeferno() {
		deferno.resetAll();
		deferno.stubFor(get("/api/auth/me").withHeader("Authorization", equalTo("Bearer dfr_session_alice"))
			.willReturn(
					okJson("""
							{"version":"0.1","data":{"id":"u-alice","username":"alice","display_name":"Alice"},"error":null}""")));
		idp.enqueueCallback(new DefaultOAuth2TokenCallback("zitadel", "alice-oidc-subject", "JWT", List.of("gateway"),
				Map.of("preferred_username", "alice")));
	}

	private HttpResponse<String> signInAtProvider() {
		return signInAtProvider(UnaryOperator.identity());
	}

	/**
	 * Signs in at the provider, with the authorize URL as the browser follows it (an
	 * attacker may alter it).
	 */
	private HttpResponse<String> signInAtProvider(UnaryOperator<String> followed, String... callbackHeaders) {
		HttpResponse<String> login = GatewaySignIn.start(this.browser, BASE);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		String authorize = Browser.location(login);
		assertThat(authorize).startsWith(idp.issuerUrl("zitadel").toString());
		assertThat(Browser.query(authorize)).containsKeys("state", "nonce", "code_challenge")
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("client_id", "gateway")
			.containsEntry("redirect_uri", BASE + "/login/callback")
			.doesNotContainKey("prompt");
		// mock-oauth2-server signs in non-interactively and sends the browser back with a
		// code
		HttpResponse<String> provider = this.browser.get(followed.apply(authorize));
		assertThat(provider.statusCode()).isEqualTo(302);
		String callback = Browser.location(provider);
		assertThat(callback).startsWith(BASE + "/login/callback?");
		return this.browser.get(callback, callbackHeaders);
	}

	/**
	 * First of the class: the first sign-in of the server fetches the provider's keys
	 * (Spring Security's {@code RestOperations} hook), later ones find them cached.
	 */
	@Test
	@Order(1)
	void signInWhenCallbackCarriesTraceparentThenCallsToProviderCarryItsTraceOn() {
		deferno.stubFor(post("/api/internal/mcp-session").willReturn(okJson("""
				{"token":"dfr_session_alice","user_id":"u-alice"}""")));
		String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

		HttpResponse<String> callback = signInAtProvider(UnaryOperator.identity(), "traceparent",
				"00-" + trace + "-00f067aa0ba902b7-01");

		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		Map<String, String> traceparents = new HashMap<>();
		for (RecordedRequest request = next(); request != null; request = next()) {
			traceparents.put(request.getRequestUrl().encodedPath(), String.valueOf(request.getHeader("traceparent")));
		}
		assertThat(traceparents).as("the provider's token and key set endpoints")
			.hasEntrySatisfying(idp.tokenEndpointUrl("zitadel").encodedPath(),
					(traceparent) -> assertThat(traceparent).startsWith("00-" + trace + "-"))
			.hasEntrySatisfying(idp.jwksUrl("zitadel").encodedPath(),
					(traceparent) -> assertThat(traceparent).startsWith("00-" + trace + "-"));
	}

	/** The provider's next recorded request, or {@code null} when there is none. */
	private static RecordedRequest next() {
		try {
			return idp.takeRequest(200, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Test
	void signInWhenProviderVouchesThenDefernoSessionMintedWithSharedSecretAndPersonSignedIn() {
		deferno.stubFor(
				post("/api/internal/mcp-session").withHeader("X-Internal-Secret", equalTo(SECRET)).willReturn(okJson("""
						{"token":"dfr_session_alice","user_id":"u-alice"}""")));
		HttpResponse<String> callback = signInAtProvider();
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		assertThat(Browser.location(callback)).startsWith(BASE + "/connected-apps");
		deferno.verify(postRequestedFor(urlPathEqualTo("/api/internal/mcp-session")).withRequestBody(equalToJson(
				"""
						{"oidc_subject":"alice-oidc-subject","oidc_username":"alice","mcp_client_id":null,"mcp_client_name":null}""")));
		HttpResponse<String> apps = this.browser.get(BASE + "/connected-apps");
		assertThat(apps.statusCode()).isEqualTo(200);
		assertThat(apps.body()).contains("Signed in to Deferno as <strong>alice</strong>");
	}

	@Test
	void signOutWhenNoGrantHoldsTheSessionThenItsDefernoSessionIsEndedAndConfirmedGone() {
		deferno.stubFor(post("/api/internal/mcp-session").willReturn(okJson("""
				{"token":"dfr_session_alice","user_id":"u-alice"}""")));
		deferno.stubFor(post("/api/auth/logout").willReturn(okJson("""
				{"version":"0.1","data":{"logout_url":"https://idp.example/end"},"error":null}""")));
		assertThat(signInAtProvider().statusCode()).isEqualTo(302);
		double revokedBefore = revokedCount();
		SignOut.of(this.browser, BASE);
		// Deferno ended the session: the token no longer works
		deferno.stubFor(get("/api/auth/me").atPriority(1).willReturn(aResponse().withStatus(401)));

		this.sweep.sweep();

		deferno.verify(1, postRequestedFor(urlPathEqualTo("/api/auth/logout")).withHeader("Authorization",
				equalTo("Bearer dfr_session_alice")));
		deferno.verify(getRequestedFor(urlPathEqualTo("/api/auth/me")).withHeader("Authorization",
				equalTo("Bearer dfr_session_alice")));
		assertThat(revokedCount() - revokedBefore).as("audited as revoked, not refused").isEqualTo(1);
		this.sweep.sweep();
		deferno.verify(1, postRequestedFor(urlPathEqualTo("/api/auth/logout")));
	}

	private double revokedCount() {
		return this.meters.counter("gateway.auth.deferno.tokens.revoked", "outcome", "revoked").count();
	}

	@Test
	void signInWhenStartedByAnMcpClientsAuthorizationThenDefernoLearnsWhichClientAndBrowserReturnsToIt() {
		deferno.stubFor(
				post("/api/internal/mcp-session").withHeader("X-Internal-Secret", equalTo(SECRET)).willReturn(okJson("""
						{"token":"dfr_session_alice","user_id":"u-alice"}""")));
		Map<String, Object> client = new RegistrationClient(BASE)
			.registerPublic("http://127.0.0.1:6276/oauth/callback");
		String clientId = (String) client.get("client_id");
		String authorize = BASE + "/oauth2/authorize?" + Browser.form(AuthorizationCodeFlow.request(clientId,
				"http://127.0.0.1:6276/oauth/callback", Pkce.s256(), "client-state"));
		HttpResponse<String> toLogin = this.browser
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(authorize))
				.header("Accept", "text/html")
				.GET());
		assertThat(Browser.location(toLogin)).matches(".*/oauth2/authorization/oidc\\?request=[\\w-]+");

		HttpResponse<String> callback = signInAtProvider();
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		assertThat(Browser.location(callback)).contains("/oauth2/authorize").contains("client_id=" + clientId);
		deferno.verify(postRequestedFor(urlPathEqualTo("/api/internal/mcp-session")).withRequestBody(equalToJson(
				"""
						{"oidc_subject":"alice-oidc-subject","oidc_username":"alice","mcp_client_id":"%s","mcp_client_name":"MCP Inspector"}"""
					.formatted(clientId))));
	}

	/**
	 * Last of the class: the Deferno session it signs out of would be revoked by the
	 * sweep another test counts on.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void consentWhenNotThePersonSignedInThenTheProviderIsAskedForAFreshSignIn() {
		deferno.stubFor(post("/api/internal/mcp-session").willReturn(okJson("""
				{"token":"dfr_session_alice","user_id":"u-alice"}""")));
		String redirect = "http://127.0.0.1:6276/oauth/callback";
		String clientId = (String) new RegistrationClient(BASE).registerPublic(redirect).get("client_id");
		String authorize = BASE + "/oauth2/authorize?"
				+ Browser.form(AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "client-state"));
		this.browser.get(authorize, "Accept", Browser.HTML);
		HttpResponse<String> toConsent = this.browser
			.get(URI.create(BASE).resolve(Browser.location(signInAtProvider())).toString(), "Accept", Browser.HTML);
		HttpResponse<String> page = this.browser.get(URI.create(BASE).resolve(Browser.location(toConsent)).toString(),
				"Accept", Browser.HTML);
		assertThat(page.body()).contains("Sign in as someone else");

		// the provider still remembers alice: without prompt=login it would sign her in
		// again at once
		HttpResponse<String> switched = this.browser.postForm(BASE + "/logout",
				AuthorizationCodeFlow.hiddenFields(page.body(), "switch-account"), "Accept", Browser.HTML);
		HttpResponse<String> toSignIn = this.browser
			.get(URI.create(BASE).resolve(Browser.location(switched)).toString(), "Accept", Browser.HTML);
		HttpResponse<String> toProvider = this.browser
			.get(URI.create(BASE).resolve(Browser.location(toSignIn)).toString());
		String providerAuthorize = Browser.location(toProvider);
		assertThat(providerAuthorize).startsWith(idp.issuerUrl("zitadel").toString());
		assertThat(Browser.query(providerAuthorize)).containsEntry("prompt", "login");

		// a sign-in cancelled at the provider and started again still asks
		String retried = Browser.location(GatewaySignIn.start(this.browser, BASE));
		assertThat(Browser.query(retried)).containsEntry("prompt", "login");
		// until someone signs in (mock-oauth2-server asks for a user name, as
		// prompt=login
		// has it): the sign-in after is an ordinary one
		HttpResponse<String> asked = this.browser.get(retried);
		assertThat(asked.statusCode()).as("the provider's sign-in form").isEqualTo(200);
		HtmlForm form = HtmlForm
			.withButton(Jsoup.parse(asked.body(), retried), Pattern.compile("sign", Pattern.CASE_INSENSITIVE))
			.orElseThrow()
			.set("username", "alice");
		HttpResponse<String> toCallback = this.browser.send(HttpRequest.newBuilder(form.action())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.encodedBody())));
		HttpResponse<String> callback = this.browser.get(Browser.location(toCallback));
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		HttpResponse<String> later = GatewaySignIn.start(this.browser, BASE);
		assertThat(Browser.query(Browser.location(later))).doesNotContainKey("prompt");
	}

	@Test
	void signInWhenMcpSessionAnswersInEnvelopeThenAccepted() {
		deferno.stubFor(
				post("/api/internal/mcp-session").withHeader("X-Internal-Secret", equalTo(SECRET)).willReturn(okJson("""
						{"version":"0.1","data":{"token":"dfr_session_alice","user_id":"u-alice"},"error":null}""")));
		HttpResponse<String> callback = signInAtProvider();
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
	}

	@Test
	void signInWhenDefernoRefusesSharedSecretThenPageNotServerError() {
		deferno.stubFor(post("/api/internal/mcp-session")
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("""
					{"version":"0.1","data":null,"error":{"code":"unauthorized","message":"bad internal secret"}}""")));
		HttpResponse<String> callback = signInAtProvider();
		assertThat(callback.statusCode()).isEqualTo(502);
		assertThat(callback.body()).contains("Deferno did not accept the sign-in", "bad internal secret", "Try again");
	}

	@Test
	void signInWhenIdTokenCarriesAnotherNonceThenBadRequestPageAndNobodySignedIn() {
		deferno.stubFor(post("/api/internal/mcp-session").willReturn(okJson("""
				{"token":"dfr_session_alice","user_id":"u-alice"}""")));
		// a code issued for another authentication request (an injected code): its ID
		// token names another nonce
		HttpResponse<String> callback = signInAtProvider(
				(authorize) -> authorize.replaceFirst("nonce=[^&]+", "nonce=another-sign-ins-nonce"));
		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(callback.body()).contains("Deferno did not accept the sign-in", "another sign-in", "Try again")
			.doesNotContain("Exception");
		deferno.verify(0, postRequestedFor(urlPathEqualTo("/api/internal/mcp-session")));
		assertThat(this.browser.get(BASE + "/connected-apps").statusCode()).isEqualTo(302);
	}

}
