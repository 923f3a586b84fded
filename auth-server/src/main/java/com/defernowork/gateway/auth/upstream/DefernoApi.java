package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoTokenRevoker;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The Deferno endpoints the sign-in needs. Deferno answers in its {@code {version, data,
 * error}} envelope, which is unwrapped when present and accepted when absent
 * ({@code /internal/mcp-session} may answer bare). A refusal becomes an
 * {@link OAuth2AuthenticationException} with Deferno's code and message; a Deferno that
 * cannot be reached, is too slow or fails on its side one caused by the
 * {@link RestClientException} that says so.
 */
final class DefernoApi implements DefernoTokenRevoker {

	private static final Logger logger = LoggerFactory.getLogger(DefernoApi.class);

	private static final int TOO_MANY_REQUESTS = 429;

	private final RestClient rest;

	private final JsonMapper json;

	DefernoApi(RestClient.Builder rest, String baseUrl, JsonMapper json) {
		this.json = json;
		// a 429 is Deferno asking for a pause, not refusing: thrown as its failures are
		this.rest = rest.baseUrl(baseUrl)
			.defaultStatusHandler((status) -> status.is4xxClientError() && status.value() != TOO_MANY_REQUESTS,
					this::refused)
			.build();
	}

	/** Registers the gateway as a public native client; returns its client id. */
	String register(String clientName, String redirectUri) {
		return field(post("/auth/native/register", Map.of("client_name", clientName, "redirect_uris",
				List.of(redirectUri), "token_endpoint_auth_method", "none")), "client_id");
	}

	/**
	 * Redeems a native authorization code; returns the personal access token and
	 * Deferno's id for it (null when it names none).
	 */
	PersonalAccessToken redeem(String code, String codeVerifier, String clientId, String redirectUri,
			String tokenName) {
		JsonNode data = post("/auth/native/token", Map.of("code", code, "code_verifier", codeVerifier, "client_id",
				clientId, "redirect_uri", redirectUri, "name", tokenName));
		return new PersonalAccessToken(field(data, "token"), data.path("id").asString(null));
	}

	/**
	 * {@code DELETE /auth/tokens/{id}} with the token itself, or without an id
	 * {@code POST /auth/logout} with it, confirmed with {@code /auth/me}: a sign-out may
	 * end only the browser's session at the identity provider. A 401 (or 404 for an id)
	 * says it is gone already, another refusal is final, and a failure on Deferno's side
	 * (5xx, 429, no answer) is thrown to be tried again.
	 */
	@Override
	public Outcome revoke(String tokenId, String token) {
		if (tokenId != null) {
			int status = status(this.rest.delete().uri("/auth/tokens/{id}", tokenId), token);
			return (status == 404 || status == 410) ? Outcome.GONE : outcome(status);
		}
		Outcome signedOut = outcome(status(this.rest.post().uri("/auth/logout"), token));
		if (signedOut != Outcome.REVOKED) {
			return signedOut;
		}
		return switch (outcome(status(this.rest.get().uri("/auth/me"), token))) {
			case GONE -> Outcome.REVOKED;
			case REVOKED, REFUSED -> Outcome.REFUSED;
		};
	}

	private static int status(RestClient.RequestHeadersSpec<?> request, String token) {
		try {
			return request.headers((headers) -> headers.setBearerAuth(token))
				.exchange((sent, response) -> response.getStatusCode().value(), true);
		}
		catch (RestClientException ex) {
			throw new IllegalStateException("Deferno did not answer: " + ex.getMessage(), ex);
		}
	}

	/** 2xx: done; 401: the token is no longer valid; 5xx, 429: thrown; else refused. */
	private static Outcome outcome(int status) {
		if (status >= 200 && status < 300) {
			return Outcome.REVOKED;
		}
		if (status == 401) {
			return Outcome.GONE;
		}
		if (status >= 500 || status == TOO_MANY_REQUESTS) {
			throw new IllegalStateException("Deferno answered " + status);
		}
		return Outcome.REFUSED;
	}

	/**
	 * Mints a Deferno session for a person the identity provider vouched for; returns its
	 * token.
	 */
	String mcpSession(String sharedSecret, String subject, String username, RequestingClient client) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("oidc_subject", subject);
		body.put("oidc_username", username);
		body.put("mcp_client_id", client.clientId());
		body.put("mcp_client_name", client.clientName());
		return field(call(this.rest.post()
			.uri("/internal/mcp-session")
			.header("X-Internal-Secret", sharedSecret)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)), "token");
	}

	/**
	 * Whether Deferno refuses {@code token} ({@code /auth/me} answers 401); false when it
	 * accepts it and when it could not be asked.
	 */
	boolean refuses(String token) {
		try {
			return status(this.rest.get().uri("/auth/me"), token) == 401;
		}
		catch (IllegalStateException ex) {
			logger.debug("Could not check a sign-in's token with Deferno", ex);
			return false;
		}
	}

	DefernoUser me(String token) {
		JsonNode data = call(this.rest.get().uri("/auth/me").headers((headers) -> headers.setBearerAuth(token)));
		String id = field(data, "id");
		String username = data.path("username").asString(id);
		return new DefernoUser(id, username, data.path("display_name").asString(username));
	}

	private JsonNode post(String path, Map<String, ?> body) {
		return call(this.rest.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body));
	}

	private JsonNode call(RestClient.RequestHeadersSpec<?> request) {
		JsonNode body;
		try {
			body = request.retrieve().body(JsonNode.class);
		}
		catch (RestClientException ex) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "Deferno did not answer", null), ex);
		}
		if (body == null || !isEnvelope(body)) {
			return (body != null) ? body : MissingNode.getInstance();
		}
		if (body.path("error").isObject()) {
			throw refusal(body, null);
		}
		return body.path("data");
	}

	private void refused(HttpRequest request, ClientHttpResponse response) throws IOException {
		JsonNode body;
		try {
			body = this.json.readTree(response.getBody());
		}
		catch (JacksonException ex) {
			body = MissingNode.getInstance();
		}
		throw refusal(body, response.getStatusCode());
	}

	/**
	 * Deferno's envelope error ({@code code}, {@code message}), or an OAuth error, or
	 * just the status.
	 */
	private static OAuth2AuthenticationException refusal(JsonNode body, HttpStatusCode status) {
		JsonNode error = body.path("error");
		String fallback = (status != null) ? "http_" + status.value() : OAuth2ErrorCodes.SERVER_ERROR;
		String code = error.isObject() ? error.path("code").asString(fallback) : error.asString(fallback);
		String message = error.isObject() ? error.path("message").asString(null)
				: body.path("error_description").asString(null);
		return new OAuth2AuthenticationException(new OAuth2Error(code, message, null));
	}

	private static boolean isEnvelope(JsonNode node) {
		return node.isObject() && node.has("version") && (node.has("data") || node.has("error"));
	}

	private static String field(JsonNode data, String name) {
		String value = data.path(name).asString("");
		if (value.isBlank()) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, "Deferno's answer has no " + name, null));
		}
		return value;
	}

}
