package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;

/**
 * The value of a token index key: the authorization id, and for a rotated refresh token what is needed to show it
 * again ({@code id|issuedAt|expiresAt|rotatedAt}, instants in epoch milliseconds, {@code -} for none).
 */
record TokenIndexEntry(String authorizationId, Instant issuedAt, Instant expiresAt, Instant rotatedAt) {

	static TokenIndexEntry current(String authorizationId) {
		return new TokenIndexEntry(authorizationId, null, null, null);
	}

	static TokenIndexEntry rotated(String authorizationId, RotatedRefreshToken token) {
		return new TokenIndexEntry(authorizationId, token.issuedAt(), token.expiresAt(), token.rotatedAt());
	}

	boolean isRotated() {
		return this.rotatedAt != null;
	}

	RotatedRefreshToken rotatedToken(String value) {
		return new RotatedRefreshToken(value, this.issuedAt, this.expiresAt, this.rotatedAt);
	}

	String format() {
		if (!isRotated()) {
			return this.authorizationId;
		}
		return String.join("|", this.authorizationId, millis(this.issuedAt), millis(this.expiresAt),
				millis(this.rotatedAt));
	}

	static TokenIndexEntry parse(String stored) {
		String[] parts = stored.split("\\|", -1);
		if (parts.length != 4) {
			return current(stored);
		}
		return new TokenIndexEntry(parts[0], instant(parts[1]), instant(parts[2]), instant(parts[3]));
	}

	private static String millis(Instant instant) {
		return (instant != null) ? Long.toString(instant.toEpochMilli()) : "-";
	}

	private static Instant instant(String millis) {
		return "-".equals(millis) ? null : Instant.ofEpochMilli(Long.parseLong(millis));
	}

}
