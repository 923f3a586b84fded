package com.defernowork.gateway.auth.vault;

import java.time.Instant;

/**
 * A person's Deferno API token and, when Deferno said so, when it expires (null: until
 * revoked). Its {@link #toString()} never shows the token, so it cannot leak through a
 * log line.
 */
public record DefernoCredential(String token, Instant expiresAt) {

	public DefernoCredential {
		if (token == null || token.isBlank()) {
			throw new IllegalArgumentException("token cannot be empty");
		}
	}

	@Override
	public String toString() {
		return "DefernoCredential[token=<redacted>, expiresAt=" + this.expiresAt + "]";
	}

}
