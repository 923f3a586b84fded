package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.Objects;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.TokenIndex;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * A token index key's value ({@code type|authorizationId|issuedAt|expiresAt|rotatedAt},
 * epoch milliseconds, {@code -} for none). A pointer, never the truth: a reader checks it
 * against the grant.
 */
record TokenIndexEntry(TokenIndex index, String authorizationId, Instant issuedAt, Instant expiresAt,
		Instant rotatedAt) {

	/**
	 * @param issuedAt a refresh token's (null for other tokens)
	 */
	static TokenIndexEntry current(TokenIndex index, String authorizationId, Instant issuedAt) {
		return new TokenIndexEntry(index, authorizationId, issuedAt, null, null);
	}

	static TokenIndexEntry rotated(String authorizationId, RotatedRefreshToken token) {
		return new TokenIndexEntry(TokenIndex.REFRESH_TOKEN, authorizationId, token.issuedAt(), token.expiresAt(),
				token.rotatedAt());
	}

	/**
	 * The refresh token this entry stands for, as replaced. An entry still written as
	 * current that matches neither its grant nor its last replaced token, and is not
	 * {@link #isNewerThanItsGrant newer}, lost a race or a cut-off save: it counts as
	 * replaced when issued (or long ago if unknown), so presenting it is reuse.
	 */
	RotatedRefreshToken rotatedToken(String hash) {
		Instant replaced = (this.rotatedAt != null) ? this.rotatedAt
				: Objects.requireNonNullElse(this.issuedAt, Instant.EPOCH);
		return new RotatedRefreshToken(hash, this.issuedAt, this.expiresAt, replaced);
	}

	/**
	 * Whether this entry is of a refresh token issued after the one {@code grant} holds:
	 * a failover to a lagging replica lost the grant's writes while this key, in another
	 * slot, kept them. Presenting such a token is no reuse.
	 */
	boolean isNewerThanItsGrant(OAuth2Authorization grant) {
		OAuth2Authorization.Token<OAuth2RefreshToken> held = grant.getRefreshToken();
		Instant heldIssuedAt = (held != null) ? held.getToken().getIssuedAt() : null;
		return this.index == TokenIndex.REFRESH_TOKEN && this.rotatedAt == null && this.issuedAt != null
				&& heldIssuedAt != null && this.issuedAt.isAfter(heldIssuedAt);
	}

	String format() {
		return String.join("|", this.index.type(), this.authorizationId, millis(this.issuedAt), millis(this.expiresAt),
				millis(this.rotatedAt));
	}

	/** Null when the stored value is not an entry (e.g. of an older layout). */
	static TokenIndexEntry parse(String stored) {
		String[] parts = stored.split("\\|", -1);
		TokenIndex index = (parts.length == 5) ? TokenIndex.ofType(parts[0]) : null;
		if (index == null) {
			return null;
		}
		return new TokenIndexEntry(index, parts[1], instant(parts[2]), instant(parts[3]), instant(parts[4]));
	}

	static String millis(Instant instant) {
		return (instant != null) ? Long.toString(instant.toEpochMilli()) : "-";
	}

	static Instant instant(String millis) {
		return "-".equals(millis) ? null : Instant.ofEpochMilli(Long.parseLong(millis));
	}

}
