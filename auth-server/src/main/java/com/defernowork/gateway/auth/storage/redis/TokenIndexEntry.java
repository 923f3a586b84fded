package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The value of a token index key: the authorization id, and for a refresh token what is needed to show it again once
 * replaced ({@code id|issuedAt|expiresAt|rotatedAt}, instants in epoch milliseconds, {@code -} for none).
 */
record TokenIndexEntry(String authorizationId, Instant issuedAt, Instant expiresAt, Instant rotatedAt) {

	static TokenIndexEntry current(String authorizationId) {
		return new TokenIndexEntry(authorizationId, null, null, null);
	}

	static TokenIndexEntry refresh(String authorizationId, OAuth2RefreshToken token) {
		return new TokenIndexEntry(authorizationId, token.getIssuedAt(), token.getExpiresAt(), null);
	}

	static TokenIndexEntry rotated(String authorizationId, RotatedRefreshToken token) {
		return new TokenIndexEntry(authorizationId, token.issuedAt(), token.expiresAt(), token.rotatedAt());
	}

	/**
	 * The refresh token this entry stands for, as replaced. A refresh entry that is not marked rotated but no longer
	 * matches its authorization lost a race between two concurrent saves (two refreshes at once): it was superseded
	 * as soon as it was issued.
	 */
	RotatedRefreshToken rotatedToken(String value) {
		Instant replaced = (this.rotatedAt != null) ? this.rotatedAt : this.issuedAt;
		return new RotatedRefreshToken(value, this.issuedAt, this.expiresAt, replaced);
	}

	boolean describesRefreshToken() {
		return this.issuedAt != null || this.rotatedAt != null;
	}

	String format() {
		if (this.issuedAt == null && this.expiresAt == null && this.rotatedAt == null) {
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
