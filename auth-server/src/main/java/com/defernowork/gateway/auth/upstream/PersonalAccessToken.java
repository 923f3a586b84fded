package com.defernowork.gateway.auth.upstream;

/**
 * The token a native sign-in redeems to and Deferno's id for it, by which it is revoked
 * (null when Deferno names none). Its {@link #toString()} never shows the token.
 */
record PersonalAccessToken(String token, String id) {

	@Override
	public String toString() {
		return "PersonalAccessToken[token=<redacted>, id=" + this.id + "]";
	}

}
