package com.defernowork.gateway.auth.vault;

/**
 * Revokes a person's token at Deferno: by Deferno's id for it, or, without one, by ending
 * the session it is the token of.
 */
public interface DefernoTokenRevoker {

	/**
	 * How Deferno answered; throws when it could not be asked or failed on its side, to
	 * be tried again. {@code tokenId} is null for a token Deferno named no id for.
	 */
	Outcome revoke(String tokenId, String token);

	enum Outcome {

		/** Deferno revoked it. */
		REVOKED,

		/** Deferno no longer knew or accepted it. */
		GONE,

		/**
		 * Deferno refused for good (it has no such endpoint, say), or its sign-out left
		 * the token valid; not tried again.
		 */
		REFUSED

	}

}
