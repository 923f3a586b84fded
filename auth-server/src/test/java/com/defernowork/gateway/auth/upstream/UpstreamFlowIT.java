package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.AuthorizationCodeFlow;
import com.defernowork.gateway.auth.support.Browser;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.Pkce;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole browser flow as an MCP client and its user walk it, with the real deferno-sandbox as Deferno:
 * register → authorize → the upstream sign-in → the sandbox's sign-in page → consent → token → token exchange by the
 * resource server → a Deferno token that works at /auth/me; then the resource server's revocation ends the grant.
 */
// auth.storage inline: the store is chosen while the environment is prepared, before dynamic properties exist
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "auth.storage=redis")
@DirtiesContext
class UpstreamFlowIT {

	static final int PORT = FreePorts.next();

	static final String BASE_URL = "http://127.0.0.1:" + PORT;

	static final String ISSUER = BASE_URL;

	static final String RESOURCE = "http://localhost:8001/mcp";

	static final String RS_CLIENT_ID = "rs-upstream-test";

	static final String RS_CLIENT_SECRET = "rs-upstream-secret";

	static final String REDIS_PREFIX = TestRedis.uniquePrefix("upstream-flow");

	private static final String REDIRECT = "http://127.0.0.1:6277/oauth/callback";

	private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox").start();

	@DynamicPropertySource
	static void authServer(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> ISSUER);
		registry.add("auth.resources", () -> RESOURCE);
		registry.add("auth.rs-client.id", () -> RS_CLIENT_ID);
		registry.add("auth.rs-client.secret", () -> RS_CLIENT_SECRET);
		registry.add("auth.storage", () -> "redis");
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("auth.redis.key-prefix", () -> REDIS_PREFIX);
		registry.add("auth.upstream.connector", () -> "deferno");
		registry.add("auth.upstream.deferno-base-url", () -> sandbox.baseUrl() + "/api");
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
		AuthServerTestBase.deleteKeys(REDIS_PREFIX);
	}

	private final RegistrationClient registration = new RegistrationClient(BASE_URL);

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	private final Browser browser = this.flow.browser();

	private final Browser resourceServer = new Browser();

	/** Authorize as a signed-out user and press a button on the sandbox's sign-in page; returns our callback's answer. */
	private HttpResponse<String> authorizeThroughSandbox(Map<String, String> request, Map<String, String> typed) {
		HttpResponse<String> toLogin = this.flow.authorize(request);
		assertThat(Browser.location(toLogin)).endsWith("/oauth2/authorization/deferno");
		HttpResponse<String> toDeferno = this.browser.get(URI.create(BASE_URL).resolve(Browser.location(toLogin)).toString(),
				"Accept", Browser.HTML);
		String authorize = Browser.location(toDeferno);
		assertThat(authorize).startsWith(sandbox.baseUrl() + "/api/auth/native/authorize?");
		HttpResponse<String> page = this.browser.get(authorize, "Accept", Browser.HTML);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
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
		return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void mcpClientWhenAliceSignsInAtSandboxThenExchangeGivesWorkingDefernoTokenUntilRevoked() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
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
		String accessToken = (String) Json.parse(tokenResponse.body()).get("access_token");

		HttpResponse<String> exchanged = exchange(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		Map<String, Object> deferno = Json.parse(exchanged.body());
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
		String aliceId = String.valueOf(((Map<?, ?>) Json.parse(me.body()).get("data")).get("id"));
		assertThat(Json.parse(this.flow.introspect(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET).body()))
			.containsEntry("sub", aliceId)
			.containsEntry("username", "alice");

		// a refreshed access token still reaches the same Deferno token
		String refreshToken = (String) Json.parse(tokenResponse.body()).get("refresh_token");
		HttpResponse<String> refreshed = this.flow.refresh(clientId, refreshToken, RESOURCE);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String oldAccessToken = accessToken;
		accessToken = (String) Json.parse(refreshed.body()).get("access_token");
		assertThat(accessToken).isNotEqualTo(oldAccessToken);
		HttpResponse<String> exchangedAgain = exchange(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(exchangedAgain.statusCode()).as(exchangedAgain.body()).isEqualTo(200);
		assertThat(Json.parse(exchangedAgain.body())).containsEntry("access_token", defernoToken);

		HttpResponse<String> apps = this.browser.get(BASE_URL + "/connected-apps", "Accept", Browser.HTML);
		assertThat(apps.body()).contains("MCP Inspector", "an application on this computer",
				Scopes.TASKS_READ.description(), Scopes.PROFILE_READ.description());

		// the MCP client itself may not exchange (it is public: client authentication already fails)
		HttpResponse<String> byClient = this.resourceServer.postForm(BASE_URL + "/oauth2/token",
				Map.of("grant_type", TokenExchange.GRANT_TYPE, "subject_token", accessToken, "subject_token_type",
						TokenExchange.ACCESS_TOKEN_TYPE, "client_id", clientId),
				"Accept", "application/json");
		assertThat(byClient.statusCode()).as(byClient.body()).isEqualTo(401);
		assertThat(byClient.body()).doesNotContain(defernoToken);

		// Deferno rejected the token (say): the resource server revokes the grant
		HttpResponse<String> revoked = this.resourceServer.postForm(BASE_URL + "/oauth2/revoke",
				Map.of("token", accessToken), "Authorization", basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		HttpResponse<String> afterRevocation = exchange(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(afterRevocation.statusCode()).isEqualTo(400);
		assertThat(afterRevocation.body()).contains("invalid_grant");
		assertThat(Json.parse(this.flow.introspect(accessToken, RS_CLIENT_ID, RS_CLIENT_SECRET).body()))
			.containsEntry("active", false);
		assertThat(this.browser.get(BASE_URL + "/connected-apps", "Accept", Browser.HTML).body())
			.contains("No apps are connected");
	}

	@Test
	void exchangeWhenConfidentialClientOtherThanResourceServerThenUnauthorizedClient() {
		HttpResponse<String> registered = this.registration.register(Json.write(Map.of("redirect_uris",
				List.of("https://app.example.com/cb"), "token_endpoint_auth_method", "client_secret_basic",
				"grant_types", List.of("authorization_code"), "client_name", "Confidential app")));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		Map<String, Object> client = Json.parse(registered.body());
		HttpResponse<String> refused = exchange("whatever", (String) client.get("client_id"),
				(String) client.get("client_secret"));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(refused.body()).contains("unauthorized_client");
		HttpResponse<String> inactive = exchange("not-a-token", RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(inactive.statusCode()).isEqualTo(400);
		assertThat(inactive.body()).contains("invalid_grant");
	}

	@Test
	void signInWhenCancelledAtSandboxThenAccessDeniedWithIssBackToClient() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "st-up-2");
		HttpResponse<String> cancelled = authorizeThroughSandbox(request, Map.of("action", "cancel"));
		assertThat(cancelled.statusCode()).isEqualTo(302);
		assertThat(Browser.location(cancelled)).startsWith(REDIRECT + "?");
		assertThat(AuthorizationCodeFlow.query(cancelled)).containsEntry("error", "access_denied")
			.containsEntry("state", "st-up-2")
			.containsEntry("iss", ISSUER);
	}

}
