package com.defernowork.gateway.mcp.security.exchange;

import java.time.Duration;
import java.util.Map;

import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.model.exchange.TokenExchange;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
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
			Map<String, Object> error = errorBody(ex);
			String code = (error.get("error") instanceof String named) ? named : "http_" + ex.getStatusCode().value();
			// invalid_grant: as earlier auth servers refused the subject token
			boolean subjectToken = OAuth2ErrorCodes.INVALID_GRANT.equals(code)
					|| (OAuth2ErrorCodes.INVALID_REQUEST.equals(code)
							&& TokenExchange.SUBJECT_TOKEN_REFUSED_URI.equals(error.get("error_uri")));
			throw new ExchangeRefusedException(code, subjectToken, ex);
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

	private static Map<String, Object> errorBody(HttpClientErrorException ex) {
		try {
			Map<String, Object> body = ex.getResponseBodyAs(JSON_OBJECT);
			return (body != null) ? body : Map.of();
		}
		catch (RuntimeException ignored) {
			// not a JSON error answer: the status says enough
			return Map.of();
		}
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

		private final boolean subjectTokenRefused;

		ExchangeRefusedException(String errorCode, boolean subjectTokenRefused, Throwable cause) {
			super("token exchange refused: " + errorCode, cause);
			this.errorCode = errorCode;
			this.subjectTokenRefused = subjectTokenRefused;
		}

		public String errorCode() {
			return this.errorCode;
		}

		/**
		 * Whether the MCP token itself was refused (its grant is gone), which only a new
		 * sign-in mends, rather than this server's request or credentials.
		 */
		public boolean subjectTokenRefused() {
			return this.subjectTokenRefused;
		}

	}

}
