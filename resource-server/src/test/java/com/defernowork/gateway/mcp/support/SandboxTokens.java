package com.defernowork.gateway.mcp.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gets a Deferno API token from the sandbox the way a real client does (docs/wiring.md,
 * "Deferno sandbox native OAuth"): register a native public client, sign in on the
 * authorize page with PKCE S256, exchange the code.
 */
public final class SandboxTokens {

	private static final String REDIRECT = "http://127.0.0.1:65000/callback";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String api;

	public SandboxTokens(String sandboxBaseUrl) {
		this.api = sandboxBaseUrl + "/api";
	}

	public String signIn(String username, String password) throws Exception {
		JsonNode registration = data(send(HttpRequest.newBuilder(URI.create(this.api + "/auth/native/register"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"resource-server IT\",\"redirect_uris\":[\""
					+ REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}"))
			.build(), 201));
		String clientId = registration.get("client_id").stringValue();
		String verifier = randomUrlSafe();
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		Map<String, String> request = new LinkedHashMap<>();
		request.put("client_id", clientId);
		request.put("redirect_uri", REDIRECT);
		request.put("response_type", "code");
		request.put("code_challenge", challenge);
		request.put("code_challenge_method", "S256");
		request.put("state", "it-state");
		HttpResponse<String> page = send(
				HttpRequest.newBuilder(URI.create(this.api + "/auth/native/authorize?" + form(request))).GET().build(),
				200);
		assertThat(page.body()).contains("name=\"password\"");
		Map<String, String> submit = new LinkedHashMap<>(request);
		submit.put("username", username);
		submit.put("password", password);
		submit.put("action", "sign_in");
		HttpResponse<String> redirect = send(HttpRequest.newBuilder(URI.create(this.api + "/auth/native/authorize"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(submit)))
			.build(), 302);
		String location = redirect.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT).contains("state=it-state");
		String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
		JsonNode token = data(send(HttpRequest.newBuilder(URI.create(this.api + "/auth/native/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("code", code, "code_verifier",
					verifier, "client_id", clientId, "redirect_uri", REDIRECT, "name", "resource-server IT"))))
			.build(), 200));
		return token.get("token").stringValue();
	}

	private HttpResponse<String> send(HttpRequest request, int expectedStatus) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body())
			.isEqualTo(expectedStatus);
		return response;
	}

	/** The envelope's data, or the body itself when the answer is not wrapped. */
	private static JsonNode data(HttpResponse<String> response) {
		JsonNode body = json.readTree(response.body());
		return (body.has("version") && body.has("data")) ? body.get("data") : body;
	}

	private static String form(Map<String, String> values) {
		return values.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static String randomUrlSafe() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
