package com.defernowork.gateway.auth.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints for clients (token, introspection, revocation, registration) never create
 * an HTTP session, on success or failure: nothing a client or a flood of them sends pins
 * server memory or sets a cookie. Neither does an anonymous page request, except for the
 * page a person comes back to after signing in.
 */
class ClientEndpointsSessionIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final List<HttpResponse<String>> responses = new ArrayList<>();

	@Test
	void clientEndpointsWhenUsedRightOrWrongThenNoSessionCookie() throws Exception {
		String rs = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		String wrong = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET + "x");
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
		Map<String, Object> tokens = Json.parse(send("/oauth2/token", null, Map.of("grant_type", "authorization_code",
				"code", code, "code_verifier", pkce.verifier(), "redirect_uri", REDIRECT, "client_id", clientId), 200));
		String access = (String) tokens.get("access_token");

		send("/oauth2/introspect", rs, Map.of("token", access), 200);
		send("/oauth2/introspect", wrong, Map.of("token", access), 401);
		send("/oauth2/introspect", null, Map.of("token", access), 401);
		send("/oauth2/token", rs, Map.of("grant_type", "client_credentials"), 400);
		send("/oauth2/token", wrong, Map.of("grant_type", "client_credentials"), 401);
		send("/oauth2/token", null, Map.of("grant_type", "refresh_token", "refresh_token",
				(String) tokens.get("refresh_token"), "client_id", clientId), 200);
		send("/oauth2/token", null,
				Map.of("grant_type", "refresh_token", "refresh_token", "nope", "client_id", clientId), 400);
		send("/oauth2/revoke", rs, Map.of("token", access), 200);
		send("/oauth2/revoke", wrong, Map.of("token", access), 401);
		HttpResponse<String> registered = this.http
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/register"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(RegistrationClient.inspectorRequest(REDIRECT)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(registered.statusCode()).isEqualTo(201);
		this.responses.add(registered);
		HttpResponse<String> badRegistration = this.http
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/register"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"ftp://x\"]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(badRegistration.statusCode()).isEqualTo(400);
		this.responses.add(badRegistration);

		assertThat(this.responses).allSatisfy((response) -> assertThat(response.headers().allValues("Set-Cookie"))
			.as("%s %s", response.request().uri(), response.statusCode())
			.isEmpty());
	}

	/**
	 * A person's signed-in browser session is no client authentication: a request that
	 * carries only its cookie gets the same 401 as one that carries nothing, before its
	 * grant is looked at (else the answer would tell a live refresh token from a dead
	 * one).
	 */
	@Test
	void clientEndpointsWhenOnlyASignedInSessionThenInvalidClient() throws Exception {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
		Map<String, Object> tokens = Json.parse(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null).body());
		String refresh = (String) tokens.get("refresh_token");
		for (String token : List.of(refresh, "not-a-token")) {
			Map<String, Map<String, String>> requests = Map.of("/oauth2/token",
					Map.of("grant_type", "refresh_token", "refresh_token", token), "/oauth2/introspect",
					Map.of("token", token), "/oauth2/revoke", Map.of("token", token));
			for (var request : requests.entrySet()) {
				HttpResponse<String> refused = this.flow.browser()
					.postForm(BASE_URL + request.getKey(), request.getValue());
				assertThat(refused.statusCode()).as("%s %s %s", request.getKey(), token, refused.body()).isEqualTo(401);
				assertThat(refused.headers().firstValue("WWW-Authenticate")).as(request.getKey()).isPresent();
				assertThat(Json.parse(refused.body())).as(request.getKey())
					.containsEntry("error", "invalid_client")
					.containsKey("error_description");
			}
		}
		// nothing was revoked or rotated: the refresh token still works for its client
		assertThat(this.flow.refresh(clientId, refresh, null).statusCode()).isEqualTo(200);
	}

	@Test
	void pagesWhenAnonymousThenSignInWithoutSessionButForThePageToComeBackTo() throws Exception {
		for (String path : List.of("/consent?client_id=x&state=" + "s".repeat(2000), "/oauth2/unknown",
				"/connected-apps/x/disconnect", "/login/unknown")) {
			HttpResponse<String> page = this.http.send(
					HttpRequest.newBuilder(URI.create(BASE_URL + path)).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
			// a consent page without a sign-in is refused (403: start again from the app)
			assertThat(page.statusCode()).as(path).isIn(302, 400, 403, 404);
			assertThat(page.headers().allValues("Set-Cookie")).as(path).isEmpty();
		}
		HttpResponse<String> apps = this.http.send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/connected-apps")).header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(apps.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login"));
		assertThat(apps.headers().allValues("Set-Cookie")).as("kept to come back to after sign-in").hasSize(1);
	}

	@Test
	void formsWhenPostedWithoutASessionThenRefusedWithoutOpeningOne() throws Exception {
		// Spring would save a fresh CSRF token, and with it a session, for every refused
		// request
		for (String method : List.of("POST", "PUT", "DELETE")) {
			for (String path : List.of("/consent", "/oauth2/authorize", "/connected-apps/x/disconnect", "/logout",
					"/login")) {
				HttpResponse<String> refused = this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
					.header("Accept", "text/html")
					.header("Content-Type", "application/x-www-form-urlencoded")
					.method(method, HttpRequest.BodyPublishers.ofString("client_id=x&state=y"))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (path.equals("/logout") && method.equals("POST")) {
					// no session to end: signed out already
					assertThat(refused.headers().firstValue("Location")).as("%s %s", method, path)
						.hasValueSatisfying((to) -> assertThat(to).endsWith("/signed-out"));
				}
				else {
					assertThat(refused.statusCode()).as("%s %s", method, path).isBetween(400, 499);
				}
				assertThat(refused.headers().allValues("Set-Cookie")).as("%s %s", method, path).isEmpty();
			}
		}
	}

	@Test
	void disconnectWhenSessionExpiredThenPageSaysNothingChangedAndLeadsBack() throws Exception {
		HttpResponse<String> expired = this.http
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/connected-apps/some-grant/disconnect"))
				.header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cookie", "DEFERNO_AUTH_SESSION=gone")
				.POST(HttpRequest.BodyPublishers.ofString("_csrf=stale"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(expired.statusCode()).isEqualTo(403);
		assertThat(expired.body()).contains("Your sign-in expired", "nothing was changed", "href=\"/connected-apps\"")
			.doesNotContain("nothing was approved");
	}

	private String send(String path, String authorization, Map<String, String> form, int expectedStatus)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Browser.form(form)));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s", path, response.body()).isEqualTo(expectedStatus);
		this.responses.add(response);
		return response.body();
	}

}
