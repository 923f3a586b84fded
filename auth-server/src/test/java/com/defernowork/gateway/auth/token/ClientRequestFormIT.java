package com.defernowork.gateway.auth.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

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

	/** RFC 6749 section 5.2: printable ASCII but the double quote and the backslash. */
	private static final String ERROR_DESCRIPTION_CHARACTERS = "[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*";

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
				// one description for both: nothing says whether the client exists, and
				// the secret is never echoed
				assertThat(Json.parse(response.body())).as(path)
					.containsEntry("error", "invalid_client")
					.containsEntry("error_description",
							"Client authentication failed: unknown client_id or wrong client secret");
				assertThat(response.headers().firstValue("Cache-Control")).as(path).contains("no-store");
			}
		}
	}

	@Test
	void clientEndpointsWhenClientFailsWithoutTheAuthorizationHeaderThen401StillWithItsChallenge() {
		// RFC 9110 section 15.5.2: every 401 carries a challenge, not only one answering
		// an Authorization header
		String confidential = (String) Json.parse(this.registration
			.register(
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"client_secret_post\"}")
			.body()).get("client_id");
		for (String path : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" }) {
			for (String credentials : new String[] { "client_id=no-such-client",
					"client_id=" + confidential + "&client_secret=wrong" }) {
				HttpResponse<String> response = post(path,
						"grant_type=refresh_token&refresh_token=r&token=t&" + credentials);
				assertThat(response.statusCode()).as(path + " " + credentials).isEqualTo(401);
				assertThat(response.headers().firstValue("WWW-Authenticate")).as(path + " " + credentials)
					.contains("Basic realm=\"oauth2\"");
				assertThat(Json.parse(response.body())).as(path).containsEntry("error", "invalid_client");
			}
			// a confidential client that sent no secret is told first to send it; alike
			// for an
			// unknown client_id
			for (String credentials : new String[] { "client_id=no-such-client", "client_id=" + confidential }) {
				assertThat(Json.parse(post(path, "token=t&" + credentials).body())).as(path + " " + credentials)
					.containsEntry("error_description",
							"Client authentication failed: no client secret was sent, and client_id is not a "
									+ "registered public client; send the client's secret, or register again if it "
									+ "has none");
			}
		}
	}

	@Test
	void tokenWhenAClientWithASecretSendsItTheOtherWayThanItRegisteredThenItIsAuthenticated() {
		// RFC 6749 section 2.3.1: HTTP Basic is taken from every client with a secret
		for (String registered : new String[] { "client_secret_post", "client_secret_basic" }) {
			Map<String, Object> client = Json.parse(this.registration
				.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"" + registered
						+ "\"}")
				.body());
			String clientId = (String) client.get("client_id");
			String secret = (String) client.get("client_secret");
			HttpResponse<String> response = registered.equals("client_secret_post")
					? post("/oauth2/token", "grant_type=refresh_token&refresh_token=r", "Authorization",
							AuthorizationCodeFlow.basic(clientId, secret))
					: post("/oauth2/token", "grant_type=refresh_token&refresh_token=r&client_id=" + clientId
							+ "&client_secret=" + secret);
			// authenticated: what is wrong is the refresh token
			assertThat(response.statusCode()).as(registered + ": " + response.body()).isEqualTo(400);
			assertThat(Json.parse(response.body())).as(registered).containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void endpointsWhenAParameterIsMissingOrTheGrantUnknownThenTheDescriptionSaysWhatToSend() {
		String rs = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Map<String, String> answers = new LinkedHashMap<>();
		answers.put("/oauth2/token|grant_type=refresh_token&refresh_token=&client_id=" + clientId,
				"refresh_token is missing or empty: send it with a value");
		answers.put("/oauth2/introspect|token=", "token is missing or empty: send it with a value");
		answers.put("/oauth2/revoke|token=", "token is missing or empty: send it with a value");
		answers.forEach((request, description) -> {
			String[] pathAndForm = request.split("\\|", 2);
			HttpResponse<String> response = pathAndForm[0].equals("/oauth2/token")
					? post(pathAndForm[0], pathAndForm[1]) : post(pathAndForm[0], pathAndForm[1], "Authorization", rs);
			assertInvalidRequest(response, description);
			assertThat(response.body()).as(request).doesNotContain("OAuth 2.0");
		});
		HttpResponse<String> password = post("/oauth2/token", "grant_type=password&client_id=" + clientId);
		assertThat(password.statusCode()).isEqualTo(400);
		assertThat(Json.parse(password.body())).containsEntry("error", "unsupported_grant_type");
		assertThat((String) Json.parse(password.body()).get("error_description")).contains("grant_types_supported")
			.doesNotContain("OAuth 2.0");
	}

	@Test
	void anyEndpointWhenTheAuthorizationHeaderIsRepeatedThenInvalidRequestWhicheverComesFirst() {
		String good = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		String wrong = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET + "x");
		for (String[] pair : new String[][] { { good, "Bearer x" }, { wrong, good }, { good, good } }) {
			for (String path : new String[] { "/oauth2/introspect", "/oauth2/revoke", "/oauth2/token" }) {
				HttpResponse<String> response = post(path, "token=t&grant_type=client_credentials", "Authorization",
						pair[0], "Authorization", pair[1]);
				assertInvalidRequest(response, "Send one Authorization header; this request has several");
				assertThat(response.headers().firstValue("Cache-Control")).as(path).contains("no-store");
			}
		}
		HttpResponse<String> read = this.http.get(BASE_URL + "/oauth2/register?client_id=c", "Authorization",
				"Bearer a", "Authorization", "Bearer a");
		assertInvalidRequest(read, "this request has several");
	}

	@Test
	void tokenWhenBasicCredentialsMalformedThenInvalidRequestSaysWhatIsWrong() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Map<String, String> expected = Map.of("Basic !!!", "not base64", "Basic YWJj", "client_id:client_secret",
				AuthorizationCodeFlow.basic(clientId, ""), "client secret is empty", "Basic",
				"client_id:client_secret");
		expected.forEach((authorization, description) -> {
			HttpResponse<String> response = post("/oauth2/token", "grant_type=refresh_token&refresh_token=r",
					"Authorization", authorization);
			assertInvalidRequest(response, description);
			assertThat(response.body()).as(authorization).doesNotContain("YWJj").doesNotContain("abc");
		});
	}

	@Test
	void tokenWhenAuthorizationSchemeIsNotBasicThenInvalidClientSaysWhichSchemesAreTaken() {
		Grant grant = grant();
		// no client_id beside it: the header is the only client authentication there is
		for (String authorization : new String[] { "Bearer xyz", "Digest x" }) {
			HttpResponse<String> response = post("/oauth2/token",
					"grant_type=refresh_token&refresh_token=" + grant.refreshToken(), "Authorization", authorization);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
			Map<String, Object> error = Json.parse(response.body());
			assertThat(error).containsEntry("error", "invalid_client");
			assertThat((String) error.get("error_description")).as(authorization)
				.contains("Authorization scheme")
				.contains("Basic")
				.doesNotContain("xyz")
				.doesNotContain("send client_id");
		}
	}

	@Test
	void tokenWhenCredentialSentWithoutASchemeThenItIsNotEchoed() {
		HttpResponse<String> response = post("/oauth2/token", "grant_type=refresh_token&refresh_token=r",
				"Authorization", "hunter2");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).contains("invalid_client").doesNotContain("hunter2");
	}

	@Test
	void anyEndpointWhenTheBodyHasAContentCodingThen415WithAcceptEncodingIdentity() throws IOException {
		Grant grant = grant();
		String refresh = "grant_type=refresh_token&refresh_token=" + grant.refreshToken() + "&client_id="
				+ grant.clientId();
		// a plain form said to be gzipped was read as plain: new tokens came back
		assertUnsupportedCoding(post("/oauth2/token", refresh, "Content-Encoding", "gzip"));
		// a gzipped one was refused for its percent-encoding
		assertUnsupportedCoding(this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofByteArray(gzip(refresh))), "Content-Encoding", "gzip"));
		assertUnsupportedCoding(post("/oauth2/introspect", "token=" + grant.accessToken(), "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET), "Content-Encoding", "identity, gzip"));
		assertUnsupportedCoding(this.http.send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/register"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(
							"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}")),
				"Content-Encoding", "br"));
		// identity names no coding: the body is read (the refresh token is unused yet)
		HttpResponse<String> identity = post("/oauth2/token", refresh, "Content-Encoding", "identity");
		assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
	}

	private static void assertUnsupportedCoding(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
		assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("identity");
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "Content-Encoding is not supported: send the body uncompressed");
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
	}

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return bytes.toByteArray();
	}

	@Test
	void tokenWhenPublicClientSendsAnotherSchemeBesideItsClientIdThenTheHeaderIsIgnored() {
		// headers a person configured for the MCP server, sent along by the client's
		// fetch
		Grant grant = grant();
		HttpResponse<String> refreshed = post("/oauth2/token",
				"grant_type=refresh_token&refresh_token=" + grant.refreshToken() + "&client_id=" + grant.clientId(),
				"Authorization", "Bearer configured-for-the-mcp-server");
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "verifier");
		HttpResponse<String> exchanged = post(
				"/oauth2/token", "grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT
						+ "&client_id=" + clientId + "&code_verifier=" + pkce.verifier(),
				"Authorization", "Bearer configured-for-the-mcp-server");
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
	}

	@Test
	void tokenWhenFormSentWithoutContentTypeThenInvalidRequestSendAForm() {
		Grant grant = grant();
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/token"))
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + grant.refreshToken()
					+ "&client_id=" + grant.clientId())));
		assertInvalidRequest(response, "application/x-www-form-urlencoded");
	}

	@Test
	void tokenWhenCodeUnknownThenInvalidGrantSaysTheCodeIsNotValidNotClientAuthentication() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		String verifier = "a".repeat(43);
		HttpResponse<String> publicClient = post("/oauth2/token", "grant_type=authorization_code&code=x&code_verifier="
				+ verifier + "&redirect_uri=" + REDIRECT + "&client_id=" + clientId);
		assertInvalidGrant(publicClient, "The authorization code is not valid");
		Map<String, Object> confidential = Json.parse(this.registration.register(
				"{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}")
			.body());
		HttpResponse<String> withSecret = post("/oauth2/token",
				"grant_type=authorization_code&code=x&code_verifier=" + verifier
						+ "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
				"Authorization", AuthorizationCodeFlow.basic((String) confidential.get("client_id"),
						(String) confidential.get("client_secret")));
		assertInvalidGrant(withSecret, "The authorization code is not valid");
	}

	@Test
	void tokenWhenCodeVerifierWrongOrRedirectUriOtherThenInvalidGrantSaysWhich() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "verifier");
		HttpResponse<String> wrongVerifier = post("/oauth2/token", "grant_type=authorization_code&code=" + code
				+ "&redirect_uri=" + REDIRECT + "&client_id=" + clientId + "&code_verifier=" + "b".repeat(43));
		assertInvalidGrant(wrongVerifier, "code_verifier does not match");
		HttpResponse<String> otherRedirect = this.flow.exchangeCode(clientId, code, pkce, "http://127.0.0.1:6276/other",
				null);
		assertInvalidGrant(otherRedirect, "redirect_uri");
		// neither refusal used the code; once redeemed, it is not valid any more
		assertThat(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null).statusCode()).isEqualTo(200);
		HttpResponse<String> again = this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null);
		assertInvalidGrant(again, "The authorization code is not valid");
	}

	@Test
	void tokenWhenScopeWiderOrGrantNotRegisteredThenTheErrorSaysSo() {
		Grant grant = grant();
		HttpResponse<String> wider = post("/oauth2/token", "grant_type=refresh_token&refresh_token="
				+ grant.refreshToken() + "&client_id=" + grant.clientId() + "&scope=admin");
		assertThat(wider.statusCode()).as(wider.body()).isEqualTo(400);
		assertThat(Json.parse(wider.body())).containsEntry("error", "invalid_scope");
		assertThat((String) Json.parse(wider.body()).get("error_description")).contains("scope");
		HttpResponse<String> clientCredentials = post("/oauth2/token",
				"grant_type=client_credentials&client_id=" + grant.clientId());
		assertThat(clientCredentials.statusCode()).as(clientCredentials.body()).isEqualTo(400);
		assertThat(Json.parse(clientCredentials.body())).containsEntry("error", "unauthorized_client");
		assertThat((String) Json.parse(clientCredentials.body()).get("error_description"))
			.contains("client_credentials");
	}

	@Test
	void refreshWhenScopeBadlySpacedThenInvalidScopeSaysSoAndTheGrantStays() {
		Grant grant = grant();
		for (String scope : List.of("tasks:read%20%20tasks:write", "%20tasks:read", "tasks:read%09tasks:write",
				"tasks:read%20")) {
			HttpResponse<String> refused = post("/oauth2/token", "grant_type=refresh_token&refresh_token="
					+ grant.refreshToken() + "&client_id=" + grant.clientId() + "&scope=" + scope);
			assertThat(refused.statusCode()).as(scope).isEqualTo(400);
			assertThat(Json.parse(refused.body())).as(scope)
				.containsEntry("error", "invalid_scope")
				.containsEntry("error_description",
						"scope must be scope names separated by single spaces, with none before or after them "
								+ "(RFC 6749 section 3.3)");
		}
		HttpResponse<String> narrowed = post("/oauth2/token", "grant_type=refresh_token&refresh_token="
				+ grant.refreshToken() + "&client_id=" + grant.clientId() + "&scope=tasks:read");
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
	}

	@Test
	void tokenWhenTheFormsCharsetIsUnknownOrEmptyThenInvalidRequestNamesTheCharset() {
		for (String contentType : List.of("application/x-www-form-urlencoded; charset=bogus-xyz",
				"application/x-www-form-urlencoded; charset=", "Application/X-WWW-Form-Urlencoded;charset=\"\"")) {
			for (String path : List.of("/oauth2/token", "/oauth2/revoke")) {
				HttpResponse<String> refused = this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
					.header("Content-Type", contentType)
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=x&token=x")));
				assertInvalidRequest(refused, "The Content-Type's charset is not one this server reads: send the "
						+ "form in UTF-8 (RFC 6749 appendix B), or leave charset out");
			}
		}
	}

	@Test
	void tokenWhenResourceOrAudienceRepeatedThenInvalidTarget() {
		Grant grant = grant();
		String resource = URLEncoder.encode(RESOURCE, StandardCharsets.UTF_8);
		for (String target : List.of("resource", "audience")) {
			HttpResponse<String> response = post("/oauth2/token",
					"grant_type=refresh_token&refresh_token=" + grant.refreshToken() + "&client_id=" + grant.clientId()
							+ "&" + target + "=" + resource + "&" + target + "=" + resource);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			// RFC 8707 and RFC 8693 allow several: one this server will not serve is a
			// target, not a malformed request
			assertThat(Json.parse(response.body())).containsEntry("error", "invalid_target")
				.containsEntry("error_description",
						"Only one " + target + " may be requested: a token is bound to one resource");
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
	void clientEndpointsWhenTheUrlMerelyNamesABodyParameterThenTheBodyIsReadWhole() {
		// the framework left a body parameter unread when its name appeared anywhere in
		// the query string: a refresh asking for less got every scope
		Grant grant = grant();
		HttpResponse<String> narrowed = post("/oauth2/token?note=scope", "grant_type=refresh_token&refresh_token="
				+ grant.refreshToken() + "&client_id=" + grant.clientId() + "&scope=tasks:read");
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
		Map<String, Object> tokens = Json.parse(narrowed.body());
		assertThat(tokens).containsEntry("scope", "tasks:read");
		HttpResponse<String> introspected = post("/oauth2/introspect?about=token",
				"token=" + tokens.get("access_token"), "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertThat(Json.parse(introspected.body())).as(introspected.body())
			.containsEntry("active", true)
			.containsEntry("scope", "tasks:read");
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
	void tokenWhenCodeMissingThenInvalidRequestNotAClientToldToSendItsClientId() {
		// told to send a client_id it sent, an MCP client would register again
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		for (String form : new String[] { "code_verifier=" + "a".repeat(43) + "&", "", "code=&" }) {
			assertInvalidRequest(
					post("/oauth2/token",
							form + "grant_type=authorization_code&redirect_uri=" + REDIRECT + "&client_id=" + clientId),
					"code is missing");
		}
	}

	@Test
	void tokenWhenClientIdMissingBesideCodeVerifierOrAssertionThenInvalidRequestSaysSo() {
		for (String form : new String[] { "grant_type=authorization_code&code=c&code_verifier=" + "a".repeat(43),
				"grant_type=refresh_token&refresh_token=r&client_assertion=a.b.c&client_assertion_type="
						+ "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer" }) {
			assertInvalidRequest(post("/oauth2/token", form), "client_id is missing");
		}
	}

	@Test
	void clientEndpointsWhenClientIdIsNotPrintableAsciiThenInvalidRequestSaysSo() {
		for (String path : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" }) {
			for (String clientId : new String[] { "caf%C3%A9", "a%00b", "a%7F" }) {
				assertInvalidRequest(
						post(path, "grant_type=refresh_token&refresh_token=r&token=t&client_id=" + clientId),
						"printable ASCII");
			}
			// Basic credentials are form-urlencoded, then base64: checked as decoded
			for (String credentials : new String[] { "caf%C3%A9:secret", "\u00ff:secret", "a\u0000b:secret" }) {
				String basic = "Basic "
						+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
				assertInvalidRequest(
						post(path, "grant_type=refresh_token&refresh_token=r&token=t", "Authorization", basic),
						"printable ASCII");
			}
		}
	}

	@Test
	void tokenWhenGrantTypeEmptyThenMissingNotUnsupported() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		assertInvalidRequest(post("/oauth2/token", "grant_type=&client_id=" + clientId),
				"grant_type is missing or empty: send it with a value");
	}

	@Test
	void revokeAndIntrospectWhenGrantTypeEmptyThenIgnoredAsAnyGrantType() {
		Grant grant = grant();
		String basic = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		HttpResponse<String> introspection = post("/oauth2/introspect", "grant_type=&token=" + grant.accessToken(),
				"Authorization", basic);
		assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
		assertThat(Json.parse(introspection.body())).containsEntry("active", true);
		HttpResponse<String> revocation = post("/oauth2/revoke",
				"grant_type=&token=" + grant.refreshToken() + "&client_id=" + grant.clientId());
		assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
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
	void clientEndpointsWhenClientIdNamesAnotherClientThanBasicCredentialsThenInvalidRequest() {
		String other = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		String basic = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		for (String endpoint : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
			String form = endpoint.equals("/oauth2/token") ? "grant_type=refresh_token&refresh_token=r" : "token=t";
			assertInvalidRequest(post(endpoint, form + "&client_id=" + other, "Authorization", basic),
					"client_id names another client");
			// the header's own client named again is one client: served as usual
			HttpResponse<String> same = post(endpoint, form + "&client_id=" + RS_CLIENT_ID, "Authorization", basic);
			assertThat(same.body()).as(endpoint).doesNotContain("invalid_request", "another client");
			assertThat(same.statusCode()).as(endpoint).isIn(200, 400);
		}
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
		assertThat((String) error.get("error_description")).contains(description).matches(ERROR_DESCRIPTION_CHARACTERS);
	}

	private static void assertInvalidGrant(HttpResponse<String> response, String description) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_grant");
		assertThat((String) error.get("error_description")).contains(description)
			.doesNotContain("Client authentication failed")
			.matches(ERROR_DESCRIPTION_CHARACTERS);
	}

	private record Grant(String clientId, String accessToken, String refreshToken) {
	}

}
