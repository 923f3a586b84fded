package com.defernowork.gateway.auth.registration;

import com.defernowork.gateway.auth.config.OAuthErrorJson;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open dynamic client registration (RFC 7591) and the RFC 7592 read, as MCP clients use
 * them.
 */
class ClientRegistrationIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private final Browser browser = new Browser();

	@Test
	void registerWhenInspectorRequestThenCreatedWithEchoAndRegistrationAccess() {
		HttpResponse<String> response = this.registration.register(RegistrationClient.inspectorRequest(REDIRECT));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((v) -> assertThat(v).contains("no-store"));
		Map<String, Object> client = Json.parse(response.body());
		assertThat(client).containsKeys("client_id", "client_id_issued_at", "registration_access_token")
			.containsEntry("redirect_uris", List.of(REDIRECT))
			.containsEntry("token_endpoint_auth_method", "none")
			.containsEntry("grant_types", List.of("authorization_code", "refresh_token"))
			.containsEntry("response_types", List.of("code"))
			.containsEntry("client_name", "MCP Inspector")
			.containsEntry("client_uri", "https://github.com/modelcontextprotocol/inspector")
			.containsEntry("application_type", "native")
			.containsEntry("scope", String.join(" ", Scopes.all()))
			.containsEntry("registration_client_uri", ISSUER + "/oauth2/register?client_id=" + client.get("client_id"))
			.doesNotContainKey("client_secret");
	}

	@Test
	void registerWhenGrantTypesAddDeviceCodeOrTokenExchangeThenRegisteredForCodeAndRefreshOnly() {
		// VS Code's body of mid-2025 lists device_code whatever the server supports; a
		// client copying grant_types_supported lists token-exchange
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("client_name", "Visual Studio Code");
		request.put("client_uri", "https://code.visualstudio.com");
		request.put("grant_types", List.of("authorization_code", "refresh_token",
				"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"));
		request.put("response_types", List.of("code"));
		request.put("redirect_uris", List.of("https://vscode.dev/redirect", "http://127.0.0.1/"));
		request.put("token_endpoint_auth_method", "none");
		HttpResponse<String> response = this.registration.register(Json.write(request));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> client = Json.parse(response.body());
		assertThat(client).containsEntry("grant_types", List.of("authorization_code", "refresh_token"));
		HttpResponse<String> read = this.browser.get((String) client.get("registration_client_uri"), "Authorization",
				"Bearer " + client.get("registration_access_token"));
		assertThat(Json.parse(read.body())).containsEntry("grant_types",
				List.of("authorization_code", "refresh_token"));
	}

	@Test
	void registerWhenEmptyOptionalStringsAndPunctuatedNameThenAcceptedWithoutEmptyStrings() {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("redirect_uris", List.of("http://localhost:33418/callback"));
		request.put("token_endpoint_auth_method", "none");
		request.put("client_name", "Claude Code (my-server)");
		request.put("client_uri", "");
		request.put("logo_uri", "");
		request.put("scope", "");
		HttpResponse<String> response = this.registration.register(Json.write(request));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> client = Json.parse(response.body());
		assertThat(client).containsEntry("client_name", "Claude Code (my-server)")
			.containsEntry("scope", String.join(" ", Scopes.all()))
			.doesNotContainKeys("client_uri", "logo_uri");
		assertThat(client.values()).doesNotContain("");
	}

	@Test
	void registerWhenScopeAbsentOrNarrowThenEveryGatewayScopeUsable() {
		Map<String, Object> absent = Json.parse(this.registration
			.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}")
			.body());
		assertThat(absent).containsEntry("scope", String.join(" ", Scopes.all()));
		Map<String, Object> partly = Json.parse(
				this.registration
					.register("{\"redirect_uris\":[\"" + REDIRECT
							+ "\"],\"token_endpoint_auth_method\":\"none\",\"scope\":\"tasks:read mcp:tools\"}")
					.body());
		assertThat(partly).containsEntry("scope", String.join(" ", Scopes.all()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox",
			"https://app.example/cb#frag", "https://user:secret@app.example/cb", "/relative/callback",
			"http://app.example/cb", "not a uri", "file:///etc/passwd", "about:blank", "https:///no-host",
			"cursor://app/cb#frag", "https://\u4f8b\u3048.jp/\"x" })
	void registerWhenRedirectUriUnsafeThenInvalidRedirectUri(String redirectUri) {
		HttpResponse<String> response = this.registration
			.register(Json.write(Map.of("redirect_uris", List.of(redirectUri), "token_endpoint_auth_method", "none")));
		assertThat(response.statusCode()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_redirect_uri");
		// quoting what was sent in the characters RFC 6749 lets a description hold
		assertThat((String) error.get("error_description")).matches("[" + OAuthErrorJson.ERROR_CHARACTERS + "]+");
	}

	@ParameterizedTest
	@ValueSource(strings = { "cursor://anysphere.cursor-mcp/oauth/callback", "com.example.app:/oauth2redirect" })
	void registerWhenNativeAppPrivateUseSchemeThenCreated(String redirectUri) {
		HttpResponse<String> response = this.registration.register(Json.write(Map.of("redirect_uris",
				List.of(redirectUri), "token_endpoint_auth_method", "none", "client_name", "Cursor")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(Json.parse(response.body())).containsEntry("redirect_uris", List.of(redirectUri));
	}

	@Test
	void registerWhenNoRedirectUrisThenInvalidRedirectUri() {
		HttpResponse<String> response = this.registration.register("{\"token_endpoint_auth_method\":\"none\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_redirect_uri");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"\"}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"password\"]}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"response_types\":[\"token\"]}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":42}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_uri\":\"javascript:alert(1)\"}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"application_type\":\"tv\"}",
					"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"a\\\"\u00e9\\\\\"}",
					"not json", "[]" })
	void registerWhenMetadataInvalidThenInvalidClientMetadataWithDescription(String body) {
		assertInvalidClientMetadata(body);
	}

	@Test
	void registerWhenClientNameLongerThan100CharactersThenInvalidClientMetadataNamingTheLimit() {
		// counted in characters: 100 emoji are 200 UTF-16 units and still fit
		String emoji = "\uD83D\uDCC5".repeat(100);
		assertThat(this.registration
			.register(Json.write(Map.of("redirect_uris", List.of(REDIRECT), "client_name", emoji,
					"token_endpoint_auth_method", "none")))
			.statusCode()).isEqualTo(201);
		Map<String, Object> error = assertInvalidClientMetadata(Json.write(Map.of("redirect_uris", List.of(REDIRECT),
				"client_name", "x".repeat(101), "token_endpoint_auth_method", "none")));
		assertThat((String) error.get("error_description")).contains("client_name", "100");
	}

	private Map<String, Object> assertInvalidClientMetadata(String body) {
		HttpResponse<String> response = this.registration.register(body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_client_metadata");
		assertThat((String) error.get("error_description")).matches("[" + OAuthErrorJson.ERROR_CHARACTERS + "]+");
		return error;
	}

	@Test
	void registerWhenRedirectUriLongerThanAnAuthorizationRequestTakesThenInvalidRedirectUri() {
		String longest = "https://app.example/" + "a".repeat(2048 - "https://app.example/".length());
		HttpResponse<String> tooLong = this.registration.register(
				Json.write(Map.of("redirect_uris", List.of(longest + "a"), "token_endpoint_auth_method", "none")));
		assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
		assertThat(Json.parse(tooLong.body())).containsEntry("error", "invalid_redirect_uri");
		assertThat((String) Json.parse(tooLong.body()).get("error_description")).contains("at most 2048 characters");
		// the longest one a client may register is one it can be authorized with
		String clientId = (String) this.registration.registerPublic(longest).get("client_id");
		assertThat(this.flow.callback(AuthorizationCodeFlow.request(clientId, longest, Pkce.s256(), "s"), "long"))
			.containsKey("code");
	}

	@Test
	void registerWhenBodyOversizedThen413() {
		String padding = "x".repeat(20_000);
		HttpResponse<String> response = this.registration
			.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"" + padding + "\"}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(Json.parse(response.body())).containsKey("error_description");
	}

	@Test
	void registerWhenBodyIsNotJsonThenInvalidClientMetadataNotARegistration() {
		for (String type : new String[] { "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "*/*",
				"application/*" }) {
			HttpResponse<String> response = new Browser().send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(BASE_URL + "/oauth2/register"))
				.header("Content-Type", type)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"" + REDIRECT + "\"]}")));
			assertThat(response.statusCode()).as(type).isEqualTo(400);
			assertThat(Json.parse(response.body())).as(type)
				.containsEntry("error", "invalid_client_metadata")
				.containsEntry("error_description", "Send the client metadata as application/json");
		}
	}

	@Test
	void registerWhenJsonRepeatsAMemberOrGoesBeyondLimitsThenTheDescriptionSaysWhich() {
		Map<String, String> problems = Map.of(
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"a\",\"client_name\":\"b\"}",
				"The client metadata has the member 'client_name' twice; send each member once",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"x\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
				"The client metadata is beyond this server's JSON limits (nesting at most", "[\"" + REDIRECT + "\"]",
				"The request body must be a JSON object of client metadata", "{\"redirect_uris\":",
				"The request body is not well-formed JSON in UTF-8 (RFC 8259): send the client metadata as one JSON "
						+ "object",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"Caf\u00e9\"} x",
				"The request body is not well-formed JSON in UTF-8 (RFC 8259): send the client metadata as one JSON "
						+ "object");
		problems.forEach((body, description) -> {
			HttpResponse<String> response = this.registration.register(body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(Json.parse(response.body())).as(body).containsEntry("error", "invalid_client_metadata");
			assertThat((String) Json.parse(response.body()).get("error_description")).as(body).startsWith(description);
		});
	}

	@Test
	void registerWhenJsonIsInLatin1ThenTheDescriptionAsksForUtf8() {
		byte[] latin1 = ("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"Caf\u00e9\"}")
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		HttpResponse<String> response = new Browser()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/register"))
				.header("Content-Type", "application/json; charset=ISO-8859-1")
				.POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_client_metadata")
			.containsEntry("error_description",
					"The request body is not well-formed JSON in UTF-8 (RFC 8259): send the client metadata as one "
							+ "JSON object");
	}

	@Test
	void registerWhenConfidentialClientThenSecretIssued() {
		Map<String, Object> client = Json.parse(this.registration.register(
				"{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}")
			.body());
		assertThat(client).containsKey("client_secret")
			.containsEntry("client_secret_expires_at", 0)
			.containsEntry("token_endpoint_auth_method", "client_secret_basic");
	}

	@Test
	void readWhenRegistrationAccessTokenThenMetadataElse401() {
		Map<String, Object> client = this.registration.registerPublic(REDIRECT);
		String uri = (String) client.get("registration_client_uri");
		HttpResponse<String> read = this.browser.get(uri, "Authorization",
				"Bearer " + client.get("registration_access_token"));
		assertThat(read.statusCode()).isEqualTo(200);
		// it may hold the client's secret: kept by no cache, as the registration's answer
		assertThat(read.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(read.headers().firstValue("Pragma")).hasValue("no-cache");
		assertThat(Json.parse(read.body())).containsEntry("client_id", client.get("client_id"))
			.containsEntry("client_name", "MCP Inspector")
			.containsEntry("redirect_uris", List.of(REDIRECT));
		HttpResponse<String> wrong = this.browser.get(uri, "Authorization", "Bearer wrong");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\", "
				+ "error_description=\"The registration access token is not valid for this client\"");
		// RFC 6750 §3.1: no credentials, no error in the challenge
		HttpResponse<String> without = this.browser.get(uri);
		assertThat(without.statusCode()).isEqualTo(401);
		assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(Json.parse(without.body())).doesNotContainKey("error").containsKey("error_description");
		assertThat(this.browser
			.get(BASE_URL + "/oauth2/register?client_id=unknown", "Authorization",
					"Bearer " + client.get("registration_access_token"))
			.statusCode()).isEqualTo(401);
		// one client's registration token reads no other client's registration
		Map<String, Object> other = this.registration.registerPublic(REDIRECT);
		HttpResponse<String> crossed = this.browser.get((String) other.get("registration_client_uri"), "Authorization",
				"Bearer " + client.get("registration_access_token"));
		assertThat(crossed.statusCode()).isEqualTo(401);
		assertThat(crossed.body()).doesNotContain((String) other.get("client_id")).doesNotContain(REDIRECT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:99999/cb", "http://localhost:0/cb", "chrome://settings",
			"chrome-extension://abc/cb", "urn:ietf:wg:oauth:2.0:oob", "https://app.example/\u202Ecb",
			"https://app.example/caf\u00e9", "myapp://host/caf\u00e9", "https://app.example/cb?a=[1]" })
	void registerWhenRedirectUriNoBrowserCanReturnToThenInvalidRedirectUri(String redirectUri) {
		HttpResponse<String> response = this.registration
			.register(Json.write(Map.of("redirect_uris", List.of(redirectUri), "token_endpoint_auth_method", "none")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_redirect_uri");
		assertThat((String) error.get("error_description")).isNotBlank();
	}

	@Test
	void registerWhenAMemberIsGivenTwiceThenInvalidClientMetadataNotTheLastOneRegistered() {
		HttpResponse<String> response = this.registration.register("{\"redirect_uris\":[\"" + REDIRECT
				+ "\"],\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"https://evil.example/cb\"]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_client_metadata");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Claude\u202E edoC", "Cursor\u200F", "Inspector\u2066x\u2069", "Line\nbreak", "Bell\u0007",
			"Clau\u200Dde" })
	void registerWhenClientNameHasControlOrBidiCharactersThenInvalidClientMetadata(String name) {
		HttpResponse<String> response = this.registration.register(Json.write(
				Map.of("redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "none", "client_name", name)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_client_metadata");
		assertThat((String) error.get("error_description")).contains("client_name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0628\u0631\u0646\u0627\u0645\u0647\u200C\u0631\u06CC\u0632",
			"\uD83C\uDFF4\u200D\u2620\uFE0F Pirate" })
	void registerWhenClientNameNeedsAJoinerThenRegisteredWithIt(String name) {
		HttpResponse<String> response = this.registration.register(Json.write(
				Map.of("redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "none", "client_name", name)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(Json.parse(response.body())).containsEntry("client_name", name);
	}

	@Test
	void registerWhenClientNameHasASurrogateWithoutItsPairThenInvalidClientMetadata() {
		// as JSON escapes it: a client written in JavaScript sends one as easily as any
		// character, and the consent page showed "a?b"
		for (String name : List.of("a\\ud800b", "a\\udc00", "\\udbffClaude")) {
			HttpResponse<String> response = this.registration.register("{\"redirect_uris\":[\"" + REDIRECT
					+ "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"" + name + "\"}");
			assertThat(response.statusCode()).as(name + " " + response.body()).isEqualTo(400);
			Map<String, Object> error = Json.parse(response.body());
			assertThat(error).as(name).containsEntry("error", "invalid_client_metadata");
			assertThat((String) error.get("error_description")).as(name)
				.contains("client_name must not contain control, formatting or invisible characters");
		}
	}

	@Test
	void readWhenClientIdEmptyOrRepeatedThenInvalidRequestNamingItNotAnInvalidToken() {
		Map<String, Object> client = this.registration.registerPublic(REDIRECT);
		String token = "Bearer " + client.get("registration_access_token");
		String clientId = (String) client.get("client_id");
		Map<String, String> expected = Map.of("?client_id=", "client_id is empty",
				"?client_id=" + clientId + "&client_id=" + clientId, "client_id must be sent once");
		expected.forEach((query, description) -> {
			HttpResponse<String> read = this.browser.get(BASE_URL + "/oauth2/register" + query, "Authorization", token);
			assertThat(read.statusCode()).as(query + ": " + read.body()).isEqualTo(400);
			assertThat(Json.parse(read.body())).as(query).containsEntry("error", "invalid_request");
			assertThat((String) Json.parse(read.body()).get("error_description")).as(query).contains(description);
		});
		// RFC 6750 §3.1: without credentials, the challenge comes first
		assertThat(this.browser.get(BASE_URL + "/oauth2/register?client_id=").statusCode()).isEqualTo(401);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://[::ffff:127.0.0.1]/cb", "http://[fe80::1%25eth0]/cb" })
	void registerWhenRedirectToAMappedOrZonedIpv6AddressThenRefusedForThatNotForNonAscii(String redirectUri) {
		HttpResponse<String> response = this.registration
			.register(Json.write(Map.of("redirect_uris", List.of(redirectUri), "token_endpoint_auth_method", "none")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> error = Json.parse(response.body());
		assertThat(error).containsEntry("error", "invalid_redirect_uri");
		assertThat((String) error.get("error_description")).doesNotContain("ASCII")
			.containsAnyOf("loopback address", "zone");
	}

	@Test
	void readWithoutClientIdOrUpdateOrDeleteThenOAuthErrorNotTheFrameworkPage() {
		HttpResponse<String> noClient = this.browser.get(BASE_URL + "/oauth2/register", "Authorization", "Bearer x");
		assertThat(noClient.statusCode()).isEqualTo(400);
		assertThat(Json.parse(noClient.body())).containsEntry("error", "invalid_request")
			.doesNotContainKeys("status", "path", "timestamp");
		Map<String, Object> client = this.registration.registerPublic(REDIRECT);
		// POST too: at a registration_client_uri it would change the registration, not
		// add another
		for (String method : List.of("PUT", "DELETE", "PATCH", "POST")) {
			HttpResponse<String> answer = this.browser
				.send(HttpRequest.newBuilder(URI.create((String) client.get("registration_client_uri")))
					.header("Authorization", "Bearer " + client.get("registration_access_token"))
					.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString("{}")));
			// RFC 7592 §2.3: a server without the delete method answers 405
			assertThat(answer.statusCode()).as(method).isEqualTo(405);
			assertThat(answer.headers().firstValue("Allow"))
				.hasValueSatisfying((allow) -> assertThat(allow).contains("GET", "HEAD").doesNotContain("POST"));
			assertThat(Json.parse(answer.body())).containsEntry("error", "invalid_request")
				.doesNotContainKeys("status", "path", "timestamp");
		}
		// the registration is still there
		assertThat(this.browser
			.get((String) client.get("registration_client_uri"), "Authorization",
					"Bearer " + client.get("registration_access_token"))
			.statusCode()).isEqualTo(200);
	}

}
