package com.defernowork.gateway.auth.token;

import java.util.Map;
import java.util.TreeSet;

import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

/**
 * What a refresh answered (the token values) and to which request (scopes and resource),
 * in the form that is sealed into a
 * {@link com.defernowork.gateway.auth.storage.RefreshReplay}: lines of text, none of
 * which can hold a line break.
 */
record RefreshAnswer(String request, String accessToken, String refreshToken, String idToken) {

	/**
	 * The answer an authorization about to be saved by a refresh carries (its token
	 * values are still in memory).
	 */
	static RefreshAnswer of(String request, OAuth2Authorization refreshed) {
		OAuth2Authorization.Token<OidcIdToken> idToken = refreshed.getToken(OidcIdToken.class);
		// an ID token is part of the answer only when this refresh issued one; an older
		// one is a stand-in by now
		String idTokenValue = (idToken != null) ? idToken.getToken().getTokenValue() : "";
		return new RefreshAnswer(request, refreshed.getToken(OAuth2AccessToken.class).getToken().getTokenValue(),
				refreshed.getToken(OAuth2RefreshToken.class).getToken().getTokenValue(),
				TokenHashes.isStandIn(idTokenValue) ? "" : idTokenValue);
	}

	/**
	 * The parts of a refresh request that shape its answer: requested scopes and
	 * resource.
	 */
	static String requestOf(OAuth2RefreshTokenAuthenticationToken request) {
		Map<String, Object> parameters = request.getAdditionalParameters();
		Object sent = (parameters != null) ? parameters.get("resource") : null;
		// sent without a value: as if omitted (RFC 6749 section 3.2), as ResourceBinding
		// has it
		Object resource = "".equals(sent) ? null : sent;
		String scopes = String.join(" ", new TreeSet<>(request.getScopes()));
		return scopes + "|" + ((resource instanceof String[] many) ? String.join(" ", many) : String.valueOf(resource));
	}

	String encode() {
		return String.join("\n", this.request, this.accessToken, this.refreshToken, this.idToken);
	}

	static RefreshAnswer decode(String encoded) {
		String[] lines = encoded.split("\n", -1);
		return (lines.length == 4) ? new RefreshAnswer(lines[0], lines[1], lines[2], lines[3]) : null;
	}

}
