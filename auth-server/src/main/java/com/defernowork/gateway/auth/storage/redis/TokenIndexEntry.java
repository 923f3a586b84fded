package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.Objects;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.TokenIndex;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The value of a token index key
 * ({@code type|authorizationId|issuedAt|expiresAt|rotatedAt}, instants in epoch
 * milliseconds, {@code -} for none): which grant, as which of its tokens, and for a
 * refresh token what is needed to show it again once replaced. It is a pointer, never the
 * truth: a reader checks it against the grant.
 */
record TokenIndexEntry(TokenIndex index, String authorizationId, Instant issuedAt, Instant expiresAt,
		Instant rotatedAt) {

	/**
	 * @param issuedAt when a refresh token was issued (null for other tokens): a grant
	 * that holds an older one lost the writes that made it current
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
	 * current that no longer matches its grant, nor the grant's last replaced refresh
	 * token, and is not newer than the grant's ({@link #isNewerThanItsGrant}), lost a
	 * race with a concurrent save, or its rotation's save was cut off before rewriting it
	 * and the grant rotated again since: it counts as replaced when it was issued, or
	 * long ago where the entry does not say (as written before entries named it), so
	 * presenting it is reuse.
	 */
	RotatedRefreshToken rotatedToken(String hash) {
		Instant replaced = (this.rotatedAt != null) ? this.rotatedAt
				: Objects.requireNonNullElse(this.issuedAt, Instant.EPOCH);
		return new RotatedRefreshToken(hash, this.issuedAt, this.expiresAt, replaced);
	}

	/**
	 * Whether this entry was written as current for a refresh token issued after the one
	 * {@code grant} holds: the grant's key lost the writes that replaced it, as a Redis
	 * failover to a replica that lagged can lose them, while this key, in another slot,
	 * kept them. Such a token was never replaced, and presenting it is no reuse.
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

	/**
	 * The entry, or null when the stored value is not one (e.g. written by an older
	 * layout).
	 */
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
