package com.defernowork.gateway.mcp.security.exchange;

import java.time.Duration;
import java.util.Map;

import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The resource server's calls to the authorization server as its own confidential client
 * (docs/wiring.md): RFC 8693 token exchange for the user's Deferno token and RFC 7009
 * revocation of a grant.
 */
public final class AuthServerClient {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final RestClient rest;

	private final McpSecurityProperties properties;

	public AuthServerClient(AuthServerHttp authServer, McpSecurityProperties properties) {
		this.rest = authServer.restClient();
		this.properties = properties;
	}

	/**
	 * Exchanges the MCP access token for the user's Deferno API token.
	 * @throws ExchangeRefusedException when the authorization server refuses (the grant
	 * is gone)
	 * @throws RestClientException when it cannot be reached, refuses this server's
	 * credentials (401 {@code invalid_client}: no reason for the person to sign in again)
	 * or answers unexpectedly
	 */
	public ExchangedToken exchange(String mcpAccessToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", TokenExchange.GRANT_TYPE);
		form.add("subject_token", mcpAccessToken);
		form.add("subject_token_type", TokenExchange.ACCESS_TOKEN_TYPE);
		form.add("requested_token_type", TokenExchange.DEFERNO_TOKEN_TYPE);
		form.add("resource", this.properties.resource());
		Map<String, Object> answer;
		try {
			answer = this.rest.post()
				.uri("/oauth2/token")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(JSON_OBJECT);
		}
		catch (HttpClientErrorException.BadRequest ex) {
			throw new ExchangeRefusedException(errorCode(ex), ex);
		}
		if (answer == null || !(answer.get("access_token") instanceof String token) || token.isBlank()) {
			throw new RestClientException("token exchange answer without access_token");
		}
		return new ExchangedToken(token, expiresIn(answer.get("expires_in")));
	}

	/**
	 * Revokes the grant behind the MCP access token (for the resource server's client the
	 * AS drops the grant).
	 */
	public void revoke(String mcpAccessToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", mcpAccessToken);
		form.add("token_type_hint", "access_token");
		this.rest.post()
			.uri("/oauth2/revoke")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.toBodilessEntity();
	}

	private static Duration expiresIn(Object value) {
		if (value instanceof Number seconds && seconds.longValue() > 0) {
			return Duration.ofSeconds(seconds.longValue());
		}
		return null;
	}

	private static String errorCode(HttpClientErrorException ex) {
		try {
			Map<String, Object> body = ex.getResponseBodyAs(JSON_OBJECT);
			if (body != null && body.get("error") instanceof String code) {
				return code;
			}
		}
		catch (RuntimeException ignored) {
			// not a JSON error answer: the status says enough
		}
		return "http_" + ex.getStatusCode().value();
	}

	/**
	 * @param value the Deferno API token
	 * @param expiresIn its lifetime as the authorization server states it, or
	 * {@code null}
	 */
	public record ExchangedToken(String value, Duration expiresIn) {
	}

	/**
	 * The authorization server answered the exchange with an OAuth error, e.g.
	 * {@code invalid_request}.
	 */
	public static final class ExchangeRefusedException extends RuntimeException {

		private final String errorCode;

		ExchangeRefusedException(String errorCode, Throwable cause) {
			super("token exchange refused: " + errorCode, cause);
			this.errorCode = errorCode;
		}

		public String errorCode() {
			return this.errorCode;
		}

	}

}
