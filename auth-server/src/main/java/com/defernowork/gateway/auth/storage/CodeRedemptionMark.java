package com.defernowork.gateway.auth.storage;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * Marks the save that redeems a grant's authorization code, put on it by whoever redeems
 * (the stores never keep it).
 *
 * <p>
 * <b>Contract of both stores</b>: a save carrying this as attribute {@link #ATTRIBUTE} is
 * refused with {@link GrantChangedException}, writing nothing, unless the stored grant
 * still holds the code {@link #codeHash()} and no access token
 * ({@link #overwritesAnotherChange}).
 *
 * @param codeHash {@link TokenHashes#hash hash} of the code redeemed
 */
public record CodeRedemptionMark(String codeHash) {

	public static final String ATTRIBUTE = "gateway.code_redemption";

	/**
	 * Whether saving {@code saving} over a grant stored with the code and access token of
	 * the given hashes (null: none, or no grant) would undo a change: a redemption that
	 * outlived its lock's lease and was overtaken by another of the same code would kill
	 * the tokens that one handed out, and one racing the grant's removal (a disconnect
	 * that could not wait for the lock) would bring the grant back.
	 */
	public static boolean overwritesAnotherChange(OAuth2Authorization saving, String storedCodeHash,
			String storedAccessHash) {
		String redeemed = codeHashOf(saving);
		return redeemed != null && (!redeemed.equals(storedCodeHash) || storedAccessHash != null);
	}

	/** The hash of the code {@code saving} redeems, or null for no redemption. */
	public static String codeHashOf(OAuth2Authorization saving) {
		return (saving.getAttribute(ATTRIBUTE) instanceof CodeRedemptionMark mark) ? mark.codeHash() : null;
	}

}
