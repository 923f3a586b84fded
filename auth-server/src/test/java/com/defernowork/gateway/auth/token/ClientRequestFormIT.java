package com.defernowork.gateway.auth.token;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to the token, revocation and introspection endpoints that are malformed or
 * fail client authentication get RFC 6749 §5.2's answer: 400 {@code invalid_request} for
 * what is wrong with the request, 401 {@code invalid_client} with a Basic challenge when
 * the Authorization header failed.
 */
class ClientRequestFormIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private final Browser http = new Browser();

	@Test
	void clientEndpointsWhenBasicCredentialsFailThen401WithBasicChallenge() {
		String wrongSecret = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET + "x");
		String unknownClient = AuthorizationCodeFlow.basic("no-such-client", "secret");
		for (String path : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" }) {
			for (String basic : new String[] { wrongSecret, unknownClient }) {
				HttpResponse<String> response = post(path, "grant_type=refresh_token&refresh_token=r&token=t",
						"Authorization", basic);
				assertThat(response.statusCode()).as(path).isEqualTo(401);
				assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
					.contains("Basic realm=\"oauth2\"");
				// the code alone, as the framework answers: nothing says whether the
				// client
				// exists
				assertThat(Json.parse(response.body())).as(path)
					.containsEntry("error", "invalid_client")
					.doesNotContainKey("error_description");
				assertThat(response.headers().firstValue("Cache-Control")).as(path).contains("no-store");
			}
		}
	}

	@Test
	void clientEndpointsWhenParameterInTheUrlThenInvalidRequestNotServed() {
		Grant grant = grant();
		HttpResponse<String> refresh = post("/oauth2/token?client_id=" + grant.clientId(),
				"grant_type=refresh_token&refresh_token=" + grant.refreshToken());
		assertInvalidRequest(refresh, "client_id must be sent in the request body");
		assertInvalidRequest(post("/oauth2/revoke?client_id=" + grant.clientId(), "token=" + grant.refreshToken()),
				"client_id must be sent in the request body");
		assertInvalidRequest(post("/oauth2/introspect?token=" + grant.accessToken(), "", "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET)), "token must be sent");
		// the refresh token was not used: the same request done right still works, and a
		// parameter no endpoint reads is ignored wherever it is (RFC 6749 §3.2)
		HttpResponse<String> refreshed = post("/oauth2/token?unrelated=1",
				"grant_type=refresh_token&refresh_token=" + grant.refreshToken() + "&client_id=" + grant.clientId());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
	}

	@Test
	void tokenWhenBodyIsNotAFormThenInvalidRequestNotInvalidClient() {
		HttpResponse<String> json = this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\"}")));
		assertInvalidRequest(json, "application/x-www-form-urlencoded");
		HttpResponse<String> text = this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/token"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token")));
		assertInvalidRequest(text, "application/x-www-form-urlencoded");
	}

	@Test
	void tokenWhenGrantTypeEmptyThenMissingNotUnsupported() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		assertInvalidRequest(post("/oauth2/token", "grant_type=&client_id=" + clientId), "grant_type is missing");
	}

	@Test
	void tokenWhenTwoClientAuthenticationMethodsThenInvalidRequest() {
		HttpResponse<String> response = post("/oauth2/token",
				"grant_type=refresh_token&refresh_token=r&client_id=" + RS_CLIENT_ID + "&client_secret="
						+ URLEncoder.encode(RS_CLIENT_SECRET, StandardCharsets.UTF_8),
				"Authorization", AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertInvalidRequest(response, "not both");
	}

	@Test
	void tokenWhenCodeVerifierMalformedThenInvalidRequestAndTheCodeStillRedeemable() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "verifier");
		for (String verifier : new String[] { "abcdefghij", "a".repeat(42) + " ", "a".repeat(129),
				pkce.verifier() + "+" }) {
			HttpResponse<String> response = post("/oauth2/token",
					"grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT + "&client_id="
							+ clientId + "&code_verifier=" + URLEncoder.encode(verifier, StandardCharsets.UTF_8));
			assertInvalidRequest(response, "code_verifier must be 43 to 128 characters");
		}
		assertThat(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenWhenCodeVerifierEmptyThenOmittedNotMalformed() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "verifier");
		HttpResponse<String> response = post("/oauth2/token", "grant_type=authorization_code&code=" + code
				+ "&redirect_uri=" + REDIRECT + "&client_id=" + clientId + "&code_verifier=");
		// RFC 7636 §4.6: a code whose request had a challenge needs its verifier
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_grant");
	}

	@Test
	void tokenWhenResourceServerAsksForClientCredentialsThenRefusedItHasNoTokenOfItsOwn() {
		HttpResponse<String> response = post("/oauth2/token", "grant_type=client_credentials", "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "unauthorized_client");
	}

	private Grant grant() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "form");
		Map<String, Object> tokens = Json.parse(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null).body());
		return new Grant(clientId, (String) tokens.get("access_token"), (String) tokens.get("refresh_token"));
	}

	private HttpResponse<String> post(String path, String form, String... headers) {
		return this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)), headers);
	}

	private static void assertInvalidRequest(HttpResponse<String> response, String description) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_request");
		assertThat((String) error.get("error_description")).contains(description);
	}

	private record Grant(String clientId, String accessToken, String refreshToken) {
	}

}
