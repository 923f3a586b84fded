package com.defernowork.gateway.e2e.processes;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.RedisKeys;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole browser flow as an MCP client and its user walk it, with the auth server and
 * the real deferno-sandbox as Deferno started from their jars: register → authorize → the
 * upstream sign-in → the sandbox's sign-in page → consent → token → token exchange by the
 * resource server → a Deferno token that works at /auth/me; then the resource server's
 * revocation ends the grant.
 */
class UpstreamFlowIT {

	static final String RESOURCE = "http://localhost:8001/mcp";

	static final String RS_CLIENT_ID = "rs-upstream-test";

	static final String RS_CLIENT_SECRET = "rs-upstream-secret";

	static final String REDIS_PREFIX = TestRedis.uniquePrefix("upstream-flow");

	private static final String REDIRECT = "http://127.0.0.1:6277/oauth/callback";

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static AppProcess sandbox;

	static AppProcess authServer;

	static final int PORT = FreePorts.next();

	static final String BASE_URL = "http://127.0.0.1:" + PORT;

	static final String ISSUER = BASE_URL;

	@BeforeAll
	static void start() {
		sandbox = AppProcess.of("deferno-sandbox").start();
		authServer = AppProcess.of("auth-server")
			.port(PORT)
			.env("AUTH_ISSUER", ISSUER)
			.env("MCP_RESOURCES", RESOURCE)
			.env("RS_CLIENT_ID", RS_CLIENT_ID)
			.env("RS_CLIENT_SECRET", RS_CLIENT_SECRET)
			.env("REDIS_URL", TestRedis.url())
			.env("VAULT_KEY", "ZTJlLXZhdWx0LWtleS0tLTMyLWJ5dGVzLWxvbmctMDA=")
			.env("UPSTREAM_CONNECTOR", "deferno")
			.env("DEFERNO_BASE_URL", sandbox.baseUrl() + "/api")
			.property("auth.redis.key-prefix", REDIS_PREFIX)
			.start();
	}

	@AfterAll
	static void stop() {
		if (authServer != null) {
			authServer.close();
		}
		if (sandbox != null) {
			sandbox.close();
		}
		RedisKeys.deleteByPrefix(TestRedis.url(), REDIS_PREFIX);
	}

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	private final Browser browser = this.flow.browser();

	private final Browser resourceServer = new Browser();

	/** Registers a public client as MCP Inspector does. */
	private String registerPublic() {
		return registerPublic(REDIRECT);
	}

	private String registerPublic(String redirect) {
		HttpResponse<String> answer = this.resourceServer.postJson(BASE_URL + "/oauth2/register",
				write(Map.of("redirect_uris", List.of(redirect), "token_endpoint_auth_method", "none", "grant_types",
						List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
						"client_name", "MCP Inspector", "scope", "mcp:tools", "application_type", "native")));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return (String) parse(answer.body()).get("client_id");
	}

	private static Map<String, Object> parse(String json) {
		return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

	private static String write(Object value) {
		return JSON.writeValueAsString(value);
	}

	/**
	 * Authorize as a signed-out user and press a button on the sandbox's sign-in page;
	 * returns our callback's answer.
	 */
	private HttpResponse<String> authorizeThroughSandbox(Map<String, String> request, Map<String, String> typed) {
		return authorizeThroughSandbox(request, typed, () -> {
		});
	}

	/**
	 * The same, with {@code meanwhile} done in another tab while the person is at the
	 * sandbox.
	 */
	private HttpResponse<String> authorizeThroughSandbox(Map<String, String> request, Map<String, String> typed,
			Runnable meanwhile) {
		HttpResponse<String> toLogin = this.flow.authorize(request);
		assertThat(Browser.location(toLogin)).matches(".*/oauth2/authorization/deferno\\?request=[\\w-]+");
		HttpResponse<String> toDeferno = this.browser
			.get(URI.create(BASE_URL).resolve(Browser.location(toLogin)).toString(), "Accept", Browser.HTML);
		String authorize = Browser.location(toDeferno);
		assertThat(authorize).startsWith(sandbox.baseUrl() + "/api/auth/native/authorize?");
		HttpResponse<String> page = this.browser.get(authorize, "Accept", Browser.HTML);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		meanwhile.run();
		return answerAtSandbox(authorize, page, typed);
	}

	/**
	 * Presses a button on the sandbox's sign-in page shown for {@code authorize}; returns
	 * our callback's answer.
	 */
	private HttpResponse<String> answerAtSandbox(String authorize, HttpResponse<String> page,
			Map<String, String> typed) {
		Map<String, String> form = new LinkedHashMap<>();
		Matcher hidden = HIDDEN.matcher(page.body());
		while (hidden.find()) {
			form.put(hidden.group(1), hidden.group(2).replace("&amp;", "&").replace("&quot;", "\""));
		}
		form.putAll(typed);
		HttpResponse<String> fromDeferno = this.browser.postForm(URI.create(authorize).resolve("authorize").toString(),
				form, "Accept", Browser.HTML);
		String callback = Browser.location(fromDeferno);
		assertThat(callback).startsWith(BASE_URL + "/login/callback?");
		return this.browser.get(callback, "Accept", Browser.HTML);
	}

	private HttpResponse<String> exchange(String subjectToken, String clientId, String secret) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", TokenExchange.GRANT_TYPE);
		form.put("subject_token", subjectToken);
		form.put("subject_token_type", TokenExchange.ACCESS_TOKEN_TYPE);
		form.put("requested_token_type", TokenExchange.DEFERNO_TOKEN_TYPE);
		form.put("resource", RESOURCE);
		return this.resourceServer.postForm(BASE_URL + "/oauth2/token", form, "Authorization", basic(clientId, secret));
	}

	private static String basic(String clientId, String secret) {
		return AuthorizationCodeFlow.basic(clientId, secret);
	}

	@Test
	void mcpClientWhenAliceSignsInAtSandboxThenExchangeGivesWorkingDefernoTokenUntilRevoked() {
		String clientId = registerPublic();
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "st-up-1");
		request.put("scope", "tasks:read profile:read");
		request.put("resource", RESOURCE);

		HttpResponse<String> signedIn = authorizeThroughSandbox(request,
				Map.of("username", "alice", "password", "sandbox", "action", "sign_in"));
		assertThat(Browser.location(signedIn)).contains("/oauth2/authorize");
		HttpResponse<String> toConsent = this.browser.get(Browser.location(signedIn), "Accept", Browser.HTML);
		HttpResponse<String> consent = this.flow.consentPage(toConsent);
		assertThat(consent.body()).contains("Signed in to Deferno as", "alice");
		HttpResponse<String> approved = this.flow.approve(consent.body(),
				AuthorizationCodeFlow.requestedScopes(consent.body()));
		Map<String, String> callback = AuthorizationCodeFlow.query(approved);
		assertThat(callback).containsEntry("state", "st-up-1").containsKey("code");

		HttpResponse<String> tokenResponse = this.flow.exchangeCode(clientId, callback.get("code"), pkce, REDIRECT,
				RESOURCE);
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		String accessToken = (String) parse(tokenResponse.body()).get("access_token");

		HttpResponse<String> exchanged = exchange(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		Map<String, Object> deferno = parse(exchanged.body());
		assertThat(deferno).containsEntry("issued_token_type", TokenExchange.DEFERNO_TOKEN_TYPE)
			.containsEntry("token_type", "Bearer")
			.doesNotContainKey("refresh_token");
		assertThat(((Number) deferno.get("expires_in")).longValue()).isBetween(1L, 3600L);
		String defernoToken = (String) deferno.get("access_token");
		assertThat(defernoToken).isNotEqualTo(accessToken);
		assertThat(tokenResponse.body()).doesNotContain(defernoToken);

		HttpResponse<String> me = this.resourceServer.get(sandbox.baseUrl() + "/api/auth/me", "Authorization",
				"Bearer " + defernoToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"alice\"");
		String aliceId = String.valueOf(((Map<?, ?>) parse(me.body()).get("data")).get("id"));
		assertThat(parse(this.flow.introspect(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET).body()))
			.containsEntry("sub", aliceId)
			.containsEntry("username", "alice");

		// a refreshed access token still reaches the same Deferno token
		String refreshToken = (String) parse(tokenResponse.body()).get("refresh_token");
		HttpResponse<String> refreshed = this.flow.refresh(clientId, refreshToken, RESOURCE);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String oldAccessToken = accessToken;
		accessToken = (String) parse(refreshed.body()).get("access_token");
		assertThat(accessToken).isNotEqualTo(oldAccessToken);
		HttpResponse<String> exchangedAgain = exchange(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(exchangedAgain.statusCode()).as(exchangedAgain.body()).isEqualTo(200);
		assertThat(parse(exchangedAgain.body())).containsEntry("access_token", defernoToken);

		HttpResponse<String> apps = this.browser.get(BASE_URL + "/connected-apps", "Accept", Browser.HTML);
		assertThat(apps.body()).contains("MCP Inspector", "an application on this computer",
				Scopes.TASKS_READ.description(), Scopes.PROFILE_READ.description());

		// the MCP client itself may not exchange: it is identified by its client_id, and
		// refused as a client not allowed the grant
		HttpResponse<String> byClient = this.resourceServer.postForm(
				BASE_URL + "/oauth2/token", Map.of("grant_type", TokenExchange.GRANT_TYPE, "subject_token", accessToken,
						"subject_token_type", TokenExchange.ACCESS_TOKEN_TYPE, "client_id", clientId),
				"Accept", "application/json");
		assertThat(byClient.statusCode()).as(byClient.body()).isEqualTo(400);
		assertThat(parse(byClient.body())).containsEntry("error", "unauthorized_client");
		assertThat(byClient.body()).doesNotContain(defernoToken);

		// Deferno rejected the token (say): the resource server revokes the grant
		HttpResponse<String> revoked = this.resourceServer.postForm(BASE_URL + "/oauth2/revoke",
				Map.of("token", accessToken), "Authorization", basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		HttpResponse<String> afterRevocation = exchange(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(afterRevocation.statusCode()).isEqualTo(400);
		assertThat(afterRevocation.body()).contains("invalid_request");
		assertThat(parse(this.flow.introspect(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET).body()))
			.containsEntry("active", false);
		assertThat(this.browser.get(BASE_URL + "/connected-apps", "Accept", Browser.HTML).body())
			.contains("No apps are connected");
		// this browser's sign-in held the same refused token: the client's next
		// authorization
		// signs alice in at Deferno again, rather than copying it into a new grant
		HttpResponse<String> again = this.flow
			.authorize(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "st-up-2"));
		assertThat(Browser.location(again)).matches(".*/oauth2/authorization/deferno\\?request=[\\w-]+");
	}

	@Test
	void exchangeWhenConfidentialClientOtherThanResourceServerThenUnauthorizedClient() {
		HttpResponse<String> registered = this.resourceServer.postJson(BASE_URL + "/oauth2/register",
				write(Map.of("redirect_uris", List.of("https://app.example.com/cb"), "token_endpoint_auth_method",
						"client_secret_basic", "grant_types", List.of("authorization_code"), "client_name",
						"Confidential app")));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		Map<String, Object> client = parse(registered.body());
		HttpResponse<String> refused = exchange("whatever", (String) client.get("client_id"),
				(String) client.get("client_secret"));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(refused.body()).contains("unauthorized_client");
		HttpResponse<String> inactive = exchange("not-a-token", RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(inactive.statusCode()).isEqualTo(400);
		assertThat(inactive.body()).contains("invalid_request");
	}

	@Test
	void signInWhenCancelledAtSandboxThenAccessDeniedWithIssBackToClient() {
		String clientId = registerPublic();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "st-up-2");
		HttpResponse<String> cancelled = authorizeThroughSandbox(request, Map.of("action", "cancel"));
		assertThat(cancelled.statusCode()).isEqualTo(302);
		assertThat(Browser.location(cancelled)).startsWith(REDIRECT + "?");
		assertThat(AuthorizationCodeFlow.query(cancelled)).containsEntry("error", "access_denied")
			.containsEntry("state", "st-up-2")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void signInWhenCancelledAtSandboxForAWebClientThenPageWithTheWayBackNotARedirect() {
		// the sandbox's page never showed where the person would be sent
		HttpResponse<String> answer = this.resourceServer.postJson(BASE_URL + "/oauth2/register",
				write(Map.of("redirect_uris", List.of("https://app.example/cb"), "token_endpoint_auth_method", "none",
						"client_name", "Web app")));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		Map<String, String> request = AuthorizationCodeFlow.request((String) parse(answer.body()).get("client_id"),
				"https://app.example/cb", Pkce.s256(), "st-up-3");
		HttpResponse<String> cancelled = authorizeThroughSandbox(request, Map.of("action", "cancel"));
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(403);
		assertThat(cancelled.headers().firstValue("Location")).isEmpty();
		assertThat(cancelled.body()).contains("Sign-in cancelled", "Go back to", "app.example",
				"href=\"https://app.example/cb?error=access_denied&amp;", "state=st-up-3");
	}

	@Test
	void signInWhenAnotherTabStartsAnotherClientMeanwhileThenTheSignInContinuesWithItsOwnClient() {
		String first = registerPublic();
		HttpResponse<String> signedIn = authorizeThroughSandbox(
				AuthorizationCodeFlow.request(first, REDIRECT, Pkce.s256(), "tab-1"),
				Map.of("username", "alice", "password", "sandbox", "action", "sign_in"),
				anotherTabStartsAnotherClient());
		assertThat(Browser.location(signedIn)).contains("/oauth2/authorize?")
			.contains("client_id=" + first)
			.contains("state=tab-1");
	}

	@Test
	void signInWhenAnotherTabSignsInAtDefernoMeanwhileThenEachCompletesForItsOwnClientAndTheFirstStillApproves() {
		// a person connecting two apps at once: both tabs wait at Deferno's sign-in
		String first = registerPublic();
		String[] secondSignIn = new String[1];
		String other = "http://127.0.0.1:6278/other/callback";
		String second = registerPublic(other);
		HttpResponse<String> signedIn = authorizeThroughSandbox(
				AuthorizationCodeFlow.request(first, REDIRECT, Pkce.s256(), "tab-1"),
				Map.of("username", "alice", "password", "sandbox", "action", "sign_in"), () -> {
					HttpResponse<String> toLogin = this.flow
						.authorize(AuthorizationCodeFlow.request(second, other, Pkce.s256(), "tab-2"));
					HttpResponse<String> toDeferno = this.browser.get(
							URI.create(BASE_URL).resolve(Browser.location(toLogin)).toString(), "Accept", Browser.HTML);
					secondSignIn[0] = Browser.location(toDeferno);
					assertThat(secondSignIn[0]).startsWith(sandbox.baseUrl() + "/api/auth/native/authorize?");
				});
		assertThat(Browser.location(signedIn)).as(signedIn.body())
			.contains("/oauth2/authorize?")
			.contains("client_id=" + first)
			.contains("state=tab-1");
		HttpResponse<String> firstConsent = this.flow
			.consentPage(this.browser.get(Browser.location(signedIn), "Accept", Browser.HTML));
		assertThat(firstConsent.body()).contains("Signed in to Deferno as", "alice");

		// the second tab's sign-in finishes too, as the same person
		HttpResponse<String> secondPage = this.browser.get(secondSignIn[0], "Accept", Browser.HTML);
		HttpResponse<String> secondSignedIn = answerAtSandbox(secondSignIn[0], secondPage,
				Map.of("username", "alice", "password", "sandbox", "action", "sign_in"));
		assertThat(Browser.location(secondSignedIn)).as(secondSignedIn.body())
			.contains("client_id=" + second)
			.contains("state=tab-2");

		// the first tab's consent page still approves: its form is not out of date
		HttpResponse<String> approved = this.flow.approve(firstConsent.body(),
				AuthorizationCodeFlow.requestedScopes(firstConsent.body()));
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
		assertThat(AuthorizationCodeFlow.query(approved)).as(approved.body())
			.containsEntry("state", "tab-1")
			.containsKey("code");
	}

	@Test
	void signInWhenTwoTabsStartTheirSignInsAtOnceThenEachContinuesWithItsOwnClient() {
		// both authorization requests are saved before either tab follows its redirect:
		// the session's one saved request is then the second's, and both tabs got its
		// consent page
		String first = registerPublic();
		String other = "http://127.0.0.1:6278/other/callback";
		String second = registerPublic(other);
		String firstSignIn = Browser
			.location(this.flow.authorize(AuthorizationCodeFlow.request(first, REDIRECT, Pkce.s256(), "tab-a")));
		String secondSignIn = Browser
			.location(this.flow.authorize(AuthorizationCodeFlow.request(second, other, Pkce.s256(), "tab-b")));
		assertThat(firstSignIn).isNotEqualTo(secondSignIn);
		for (String[] tab : new String[][] { { firstSignIn, first, "tab-a" }, { secondSignIn, second, "tab-b" } }) {
			HttpResponse<String> toDeferno = this.browser.get(URI.create(BASE_URL).resolve(tab[0]).toString(), "Accept",
					Browser.HTML);
			String authorize = Browser.location(toDeferno);
			HttpResponse<String> signedIn = answerAtSandbox(authorize,
					this.browser.get(authorize, "Accept", Browser.HTML),
					Map.of("username", "alice", "password", "sandbox", "action", "sign_in"));
			assertThat(Browser.location(signedIn)).as(signedIn.body())
				.contains("/oauth2/authorize?")
				.contains("client_id=" + tab[1])
				.contains("state=" + tab[2]);
		}
	}

	@Test
	void signInWhenCancelledWhileAnotherTabStartsAnotherClientThenItsOwnClientIsAnswered() {
		String first = registerPublic();
		HttpResponse<String> cancelled = authorizeThroughSandbox(
				AuthorizationCodeFlow.request(first, REDIRECT, Pkce.s256(), "tab-3"), Map.of("action", "cancel"),
				anotherTabStartsAnotherClient());
		assertThat(Browser.location(cancelled)).startsWith(REDIRECT + "?");
		assertThat(AuthorizationCodeFlow.query(cancelled)).containsEntry("error", "access_denied")
			.containsEntry("state", "tab-3");
	}

	/** The session's saved authorization request becomes the other client's. */
	private Runnable anotherTabStartsAnotherClient() {
		String other = "http://127.0.0.1:6278/other/callback";
		String second = registerPublic(other);
		return () -> assertThat(Browser
			.location(this.flow.authorize(AuthorizationCodeFlow.request(second, other, Pkce.s256(), "tab-2"))))
			.matches(".*/oauth2/authorization/deferno\\?request=[\\w-]+");
	}

}
