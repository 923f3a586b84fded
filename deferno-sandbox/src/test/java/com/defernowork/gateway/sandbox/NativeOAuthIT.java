package com.defernowork.gateway.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native OAuth: registration, sign-in page, PKCE S256, exact redirect URI, single-use
 * codes, cancel, revocation.
 */
class NativeOAuthIT extends SandboxTestBase {

	static final String REDIRECT = "http://localhost:9000/login/deferno/callback";

	static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-sandbox";

	String clientId;

	@BeforeEach
	void registerClient() {
		SandboxHttp.Response registered = this.http.post("/api/auth/native/register", null, Map.of("client_name",
				"Gateway", "redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "none"));
		assertThat(registered.status()).isEqualTo(201);
		JsonNode data = registered.data();
		assertThat(data.get("client_name").asString()).isEqualTo("Gateway");
		assertThat(data.get("redirect_uris").get(0).asString()).isEqualTo(REDIRECT);
		assertThat(data.get("token_endpoint_auth_method").asString()).isEqualTo("none");
		assertThat(data.get("client_id_issued_at").isNumber()).isTrue();
		this.clientId = data.get("client_id").asString();
	}

	@Test
	void authorizeWhenValidThenSignInPageShowsSandboxAndDemoUsers() {
		SandboxHttp.Response page = this.http.get(authorizeUrl(REDIRECT, challenge(VERIFIER)), null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("Deferno", "Sandbox", "name=\"username\"", "name=\"password\"", "Sign in",
				"Cancel", "alice", "bob", "name=\"viewport\"");
		// a password form in another site's frame invites clickjacking
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.header("Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");
	}

	@Test
	void fullFlowWhenPkceMatchesThenTokenWorksAndCodeIsSingleUse() {
		String code = signIn("alice", "sandbox");
		Map<String, Object> request = tokenRequest(code, VERIFIER, REDIRECT);
		SandboxHttp.Response token = this.http.post("/api/auth/native/token", null, request);
		assertThat(token.status()).isEqualTo(200);
		JsonNode data = token.data();
		assertThat(data.get("kind").asString()).isEqualTo("personal_access_token");
		assertThat(data.get("client_id").asString()).isEqualTo(this.clientId);
		assertThat(data.has("last_used_at")).isTrue();
		String accessToken = data.get("token").asString();
		assertThat(this.http.get("/api/auth/me", accessToken).data().get("username").asString()).isEqualTo("alice");

		SandboxHttp.Response replay = this.http.post("/api/auth/native/token", null, request);
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.errorCode()).isEqualTo("invalid_grant");

		SandboxHttp.Response revoke = this.http.delete("/api/auth/tokens/" + data.get("id").asString(), accessToken);
		assertThat(revoke.status()).isEqualTo(204);
		assertThat(this.http.get("/api/auth/me", accessToken).status()).isEqualTo(401);
	}

	@Test
	void tokenWhenVerifierWrongThenInvalidGrant() {
		String code = signIn("bob", "sandbox");
		SandboxHttp.Response token = this.http.post("/api/auth/native/token", null,
				tokenRequest(code, VERIFIER.replace('s', 'x'), REDIRECT));
		assertThat(token.status()).isEqualTo(400);
		assertThat(token.errorCode()).isEqualTo("invalid_grant");
	}

	@Test
	void tokenWhenRedirectDiffersOrFieldMissingOrClientUnknownThenErrors() {
		String code = signIn("alice", "sandbox");
		SandboxHttp.Response redirect = this.http.post("/api/auth/native/token", null,
				tokenRequest(code, VERIFIER, REDIRECT + "/"));
		assertThat(redirect.errorCode()).isEqualTo("invalid_grant");
		Map<String, Object> missing = tokenRequest("x", VERIFIER, REDIRECT);
		missing.remove("code_verifier");
		assertThat(this.http.post("/api/auth/native/token", null, missing).errorCode()).isEqualTo("invalid_request");
		Map<String, Object> unknown = tokenRequest("x", VERIFIER, REDIRECT);
		unknown.put("client_id", "nobody");
		assertThat(this.http.post("/api/auth/native/token", null, unknown).errorCode()).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenFormEncodedThenAccepted() {
		String code = signIn("alice", "sandbox");
		Map<String, String> form = new LinkedHashMap<>();
		tokenRequest(code, VERIFIER, REDIRECT).forEach((k, v) -> form.put(k, v.toString()));
		SandboxHttp.Response token = this.http.form("/api/auth/native/token", form);
		assertThat(token.status()).isEqualTo(200);
		assertThat(token.data().get("token").asString()).startsWith("deferno_");
	}

	@Test
	void authorizeWhenRedirectNotRegisteredExactlyThen400HtmlNotRedirect() {
		for (String redirect : List.of(REDIRECT + "/", "http://evil.example/callback")) {
			SandboxHttp.Response page = this.http.get(authorizeUrl(redirect, challenge(VERIFIER)), null);
			assertThat(page.status()).isEqualTo(400);
			assertThat(page.location()).isNull();
			assertThat(page.contentType()).startsWith("text/html");
		}
		String unknownClient = authorizeUrl(REDIRECT, challenge(VERIFIER)).replace(this.clientId, "nobody");
		SandboxHttp.Response page = this.http.get(unknownClient, null);
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.body()).contains("Unknown application");
	}

	@Test
	void authorizeWhenChallengeMissingOrPlainThenRedirectsWithInvalidRequest() {
		SandboxHttp.Response plain = this.http.get(authorizeUrl(REDIRECT, challenge(VERIFIER))
			.replace("code_challenge_method=S256", "code_challenge_method=plain"), null);
		assertThat(plain.status()).isEqualTo(302);
		assertThat(query(plain.location())).containsEntry("error", "invalid_request").containsEntry("state", "st-1");
	}

	@Test
	void signInWhenCancelThenAccessDeniedWithState() {
		Map<String, String> form = signInForm("alice", "sandbox");
		form.put("action", "cancel");
		SandboxHttp.Response response = this.http.form("/api/auth/native/authorize", form);
		assertThat(response.status()).isEqualTo(302);
		assertThat(response.location()).startsWith(REDIRECT + "?");
		assertThat(query(response.location())).containsEntry("error", "access_denied")
			.containsEntry("state", "st-1")
			.doesNotContainKey("code");
	}

	@Test
	void signInWhenPasswordWrongThenPageAgainWithError() {
		SandboxHttp.Response response = this.http.form("/api/auth/native/authorize", signInForm("alice", "nope"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.location()).isNull();
		assertThat(response.body()).contains("Wrong username or password");
	}

	@Test
	void registerWhenNoRedirectUrisOrConfidentialThen400() {
		SandboxHttp.Response none = this.http.post("/api/auth/native/register", null, Map.of("client_name", "x"));
		assertThat(none.status()).isEqualTo(400);
		SandboxHttp.Response secret = this.http.post("/api/auth/native/register", null,
				Map.of("redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "client_secret_basic"));
		assertThat(secret.status()).isEqualTo(400);
		assertThat(secret.errorCode()).isEqualTo("invalid_client_metadata");
	}

	@Test
	void internalSessionWhenSecretValidThenTokenForSubject() {
		Map<String, Object> body = Map.of("oidc_subject", "bob", "oidc_username", "bob", "mcp_client_id", "c1",
				"mcp_client_name", "Claude");
		SandboxHttp.Response denied = this.http.send("POST", "/api/internal/mcp-session", null, SandboxHttp.write(body),
				"application/json");
		assertThat(denied.status()).isEqualTo(401);
		SandboxHttp.Response session = this.http.sendWithHeader("/api/internal/mcp-session", "X-Internal-Secret",
				"sandbox-internal-secret", SandboxHttp.write(body));
		assertThat(session.status()).isEqualTo(200);
		String token = session.data().get("token").asString();
		assertThat(session.data().get("user_id").asString())
			.isEqualTo(this.http.get("/api/auth/me", token).data().get("id").asString());
		assertThat(this.http.get("/api/auth/me", token).data().get("username").asString()).isEqualTo("bob");
	}

	@Test
	void logoutWhenSignedInWithASessionTokenThenThatTokenIsRevoked() {
		SandboxHttp.Response session = this.http.sendWithHeader("/api/internal/mcp-session", "X-Internal-Secret",
				"sandbox-internal-secret", SandboxHttp.write(Map.of("oidc_subject", "bob")));
		String token = session.data().get("token").asString();
		SandboxHttp.Response logout = this.http.send("POST", "/api/auth/logout", token, null, "application/json");
		assertThat(logout.status()).isEqualTo(200);
		assertThat(logout.data().has("logout_url")).isTrue();
		assertThat(this.http.get("/api/auth/me", token).status()).isEqualTo(401);
		assertThat(this.http.send("POST", "/api/auth/logout", token, null, "application/json").status()).isEqualTo(401);
		assertThat(this.http.get("/api/auth/me", SandboxHttp.BOB).status()).isEqualTo(200);
	}

	private String signIn(String username, String password) {
		SandboxHttp.Response response = this.http.form("/api/auth/native/authorize", signInForm(username, password));
		assertThat(response.status()).isEqualTo(302);
		assertThat(response.location()).startsWith(REDIRECT + "?");
		Map<String, String> query = query(response.location());
		assertThat(query).containsEntry("state", "st-1");
		return query.get("code");
	}

	private Map<String, String> signInForm(String username, String password) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("client_id", this.clientId);
		form.put("redirect_uri", REDIRECT);
		form.put("response_type", "code");
		form.put("code_challenge", challenge(VERIFIER));
		form.put("code_challenge_method", "S256");
		form.put("state", "st-1");
		form.put("username", username);
		form.put("password", password);
		form.put("action", "sign_in");
		return form;
	}

	private Map<String, Object> tokenRequest(String code, String verifier, String redirect) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("code", code);
		request.put("code_verifier", verifier);
		request.put("client_id", this.clientId);
		request.put("redirect_uri", redirect);
		return request;
	}

	private String authorizeUrl(String redirect, String challenge) {
		return UriComponentsBuilder.fromPath("/api/auth/native/authorize")
			.queryParam("client_id", this.clientId)
			.queryParam("redirect_uri", redirect)
			.queryParam("response_type", "code")
			.queryParam("code_challenge", challenge)
			.queryParam("code_challenge_method", "S256")
			.queryParam("state", "st-1")
			.encode()
			.toUriString();
	}

	static Map<String, String> query(String location) {
		Map<String, String> query = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(URI.create(location))
			.build()
			.getQueryParams()
			.forEach((k, v) -> query.put(k, java.net.URLDecoder.decode(v.get(0), StandardCharsets.UTF_8)));
		return query;
	}

	static String challenge(String verifier) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
