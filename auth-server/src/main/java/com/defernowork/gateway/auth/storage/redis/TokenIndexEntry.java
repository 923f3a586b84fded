package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.Objects;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.TokenIndex;

/**
 * The value of a token index key
 * ({@code type|authorizationId|issuedAt|expiresAt|rotatedAt}, instants in epoch
 * milliseconds, {@code -} for none): which grant, as which of its tokens, and for a
 * refresh token what is needed to show it again once replaced. It is a pointer, never the
 * truth: a reader checks it against the grant.
 */
record TokenIndexEntry(TokenIndex index, String authorizationId, Instant issuedAt, Instant expiresAt,
		Instant rotatedAt) {

	static TokenIndexEntry current(TokenIndex index, String authorizationId) {
		return new TokenIndexEntry(index, authorizationId, null, null, null);
	}

	static TokenIndexEntry rotated(String authorizationId, RotatedRefreshToken token) {
		return new TokenIndexEntry(TokenIndex.REFRESH_TOKEN, authorizationId, token.issuedAt(), token.expiresAt(),
				token.rotatedAt());
	}

	/**
	 * The refresh token this entry stands for, as replaced. An entry still written as
	 * current that no longer matches its grant, nor the grant's last replaced refresh
	 * token, lost a race with a concurrent save, or its rotation's save was cut off
	 * before rewriting it and the grant rotated again since: it counts as replaced when
	 * it was issued, or long ago where the entry does not say (a current entry never
	 * does), so presenting it is reuse.
	 */
	RotatedRefreshToken rotatedToken(String hash) {
		Instant replaced = (this.rotatedAt != null) ? this.rotatedAt
				: Objects.requireNonNullElse(this.issuedAt, Instant.EPOCH);
		return new RotatedRefreshToken(hash, this.issuedAt, this.expiresAt, replaced);
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
