package com.defernowork.gateway.auth.vault;

/**
 * A Deferno token kept to be revoked: Deferno's {@code id} for it (null: revoked by
 * ending its session), its owner and the token itself, which its {@link #toString()}
 * never shows.
 */
record RevocableToken(String id, String user, String token) {

	@Override
	public String toString() {
		return "RevocableToken[id=" + this.id + ", user=" + this.user + ", token=<redacted>]";
	}

}
