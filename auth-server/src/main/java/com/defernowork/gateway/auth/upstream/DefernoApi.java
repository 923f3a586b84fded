package com.defernowork.gateway.auth.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.http.MediaType;

/** The Deferno endpoints the sign-in needs (deferno-contract.md §1.3.1, §7.4, §11.5). */
final class DefernoApi {

	private final UpstreamHttp http;

	private final String baseUrl;

	DefernoApi(UpstreamHttp http, String baseUrl) {
		this.http = http;
		this.baseUrl = baseUrl;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** Registers a public native client; returns its client id. */
	String register(String clientName, String redirectUri) {
		Map<String, Object> body = Map.of("client_name", clientName, "redirect_uris", List.of(redirectUri),
				"token_endpoint_auth_method", "none");
		JsonNode data = this.http.call("Deferno", (rest) -> rest.post()
			.uri(this.baseUrl + "/auth/native/register")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body));
		return required(data, "client_id", "native client registration");
	}

	/** Redeems a native authorization code; returns the personal access token. */
	String redeem(String code, String codeVerifier, String clientId, String redirectUri, String tokenName) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("code_verifier", codeVerifier);
		body.put("client_id", clientId);
		body.put("redirect_uri", redirectUri);
		body.put("name", tokenName);
		JsonNode data = this.http.call("Deferno", (rest) -> rest.post()
			.uri(this.baseUrl + "/auth/native/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body));
		return required(data, "token", "native token response");
	}

	/** Mints a Deferno session for a person the identity provider vouched for; returns its token. */
	String mcpSession(String sharedSecret, String subject, String username, RequestingClient client) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("oidc_subject", subject);
		body.put("oidc_username", username);
		body.put("mcp_client_id", client.clientId());
		body.put("mcp_client_name", client.clientName());
		JsonNode data = this.http.call("Deferno", (rest) -> rest.post()
			.uri(this.baseUrl + "/internal/mcp-session")
			.header("X-Internal-Secret", sharedSecret)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body));
		return required(data, "token", "mcp-session response");
	}

	DefernoUser me(String token) {
		JsonNode data = this.http.call("Deferno",
				(rest) -> rest.get().uri(this.baseUrl + "/auth/me").headers((h) -> h.setBearerAuth(token)));
		String id = required(data, "id", "/auth/me response");
		String username = data.path("username").asString(id);
		return new DefernoUser(id, username, data.path("display_name").asString(username));
	}

	private static String required(JsonNode data, String field, String what) {
		String value = data.path(field).asString("");
		if (value.isBlank()) {
			throw new UpstreamUnavailableException("Deferno's " + what + " has no " + field, false, null);
		}
		return value;
	}

}
