package com.defernowork.gateway.mcp.security;

import java.io.IOException;
import java.util.Collection;

import com.defernowork.gateway.model.scope.Scopes;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Writes the two {@code WWW-Authenticate} challenges MCP clients act on (RFC 6750 §3, RFC
 * 9728 §5.1): 401 (with {@code invalid_token} when a token was sent) sends them to sign
 * in, 403 {@code insufficient_scope} to re-authorize for more scopes. Both point at the
 * path-aware metadata document.
 */
public final class BearerChallenges {

	private final String resourceMetadataUrl;

	public BearerChallenges(McpSecurityProperties properties) {
		this.resourceMetadataUrl = properties.resourceMetadataUrl();
	}

	public String invalidToken(String description) {
		return "Bearer error=\"invalid_token\", " + errorDescription(description) + ", " + signIn();
	}

	/**
	 * RFC 6750 §3.1: a request without any bearer token (none, or another scheme) gets
	 * the challenge without an error code.
	 */
	public String noToken() {
		return "Bearer " + signIn();
	}

	private String signIn() {
		return "resource_metadata=\"" + this.resourceMetadataUrl + "\", scope=\"" + Scopes.join(Scopes.all()) + "\"";
	}

	public String insufficientScope(Collection<String> scopesNeeded, String description) {
		return "Bearer error=\"insufficient_scope\", " + errorDescription(description) + ", scope=\""
				+ Scopes.join(scopesNeeded) + "\", resource_metadata=\"" + this.resourceMetadataUrl + "\"";
	}

	/**
	 * RFC 6750 §3 allows only printable ASCII without {@code "} and {@code \} in
	 * {@code error_description}; anything else becomes {@code ?} here (the JSON body
	 * keeps the text as it is).
	 */
	private static String errorDescription(String description) {
		StringBuilder value = new StringBuilder(description.length());
		description.chars()
			.forEach((c) -> value.append((c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') ? (char) c : '?'));
		return "error_description=\"" + value + "\"";
	}

	/**
	 * 401 with the {@code invalid_token} challenge; the description goes into the
	 * challenge and the JSON body.
	 */
	public void writeInvalidToken(HttpServletResponse response, String description) throws IOException {
		write(response, HttpServletResponse.SC_UNAUTHORIZED, invalidToken(description), "invalid_token", description);
	}

	/**
	 * 401 with the challenge for a request that carried no bearer token; its body names
	 * no error either.
	 */
	public void writeNoToken(HttpServletResponse response, String description) throws IOException {
		write(response, HttpServletResponse.SC_UNAUTHORIZED, noToken(), null, description);
	}

	public void writeInsufficientScope(HttpServletResponse response, Collection<String> scopesNeeded,
			String description) throws IOException {
		write(response, HttpServletResponse.SC_FORBIDDEN, insufficientScope(scopesNeeded, description),
				"insufficient_scope", description);
	}

	private static void write(HttpServletResponse response, int status, String challenge, String error,
			String description) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		ErrorBodies.write(response, status, error, description);
	}

}
