package com.defernowork.gateway.auth.storage;

import java.time.Instant;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The answer of a grant's last refresh-token rotation, sealed by whoever rotated it (the
 * stores never see its plaintext), kept so that a second request with the same replaced
 * refresh token inside the reuse grace window gets the very same tokens instead of
 * killing the first answer's.
 *
 * <p>
 * <b>Contract of both stores</b>: an authorization saved with this as attribute
 * {@link #ATTRIBUTE} keeps it until {@link #expiresAt()} and not a moment longer: an
 * authorization read after that no longer carries it. A later save without the attribute
 * does not remove a live one; a later save with another replaces it. A save that carries
 * a replay and replaces the grant's refresh token is the rotation of
 * {@link #rotatedTokenHash()}: the store refuses it with {@link GrantChangedException},
 * writing nothing, unless the stored grant still holds that token; a save without one may
 * not replace a stored refresh token at all ({@link #overwritesAnotherChange}).
 *
 * @param rotatedTokenHash {@link TokenHashes#hash hash} of the refresh token whose use
 * produced the answer
 * @param sealed the answer, sealed
 * @param expiresAt end of the grace window
 */
public record RefreshReplay(String rotatedTokenHash, String sealed, Instant expiresAt) {

	public static final String ATTRIBUTE = "gateway.refresh_replay";

	/** The replay the authorization carries and that is still live, or null. */
	public static RefreshReplay of(OAuth2Authorization authorization, Instant now) {
		RefreshReplay replay = rotatedBy(authorization);
		return (replay != null && replay.isLiveAt(now)) ? replay : null;
	}

	/**
	 * Whether saving {@code saving} over a grant stored with the refresh token of hash
	 * {@code storedRefreshHash} (null: none, or no grant) would undo a change. Only a
	 * rotation replaces a refresh token, and only the one it rotated: else it would bring
	 * back a removed grant or kill the tokens another rotation handed out (a rotation
	 * that outlived its lock's lease), and a save of the grant as read before a rotation
	 * (a revocation that could not wait for the lock) would bring back the rotated
	 * tokens. The replay counts live or not: a rotation that outlived the grace, or runs
	 * with none, is the one to fence most.
	 */
	public static boolean overwritesAnotherChange(OAuth2Authorization saving, String storedRefreshHash) {
		String refreshHash = TokenIndex.REFRESH_TOKEN.hashOf(saving);
		if (refreshHash == null || refreshHash.equals(storedRefreshHash)) {
			return false;
		}
		RefreshReplay replay = rotatedBy(saving);
		return (replay != null) ? !replay.rotatedTokenHash().equals(storedRefreshHash) : storedRefreshHash != null;
	}

	/** The hash of the refresh token {@code saving} rotates, live or not; else null. */
	public static String rotatedTokenHashOf(OAuth2Authorization saving) {
		RefreshReplay replay = rotatedBy(saving);
		return (replay != null) ? replay.rotatedTokenHash() : null;
	}

	private static RefreshReplay rotatedBy(OAuth2Authorization saving) {
		return (saving.getAttribute(ATTRIBUTE) instanceof RefreshReplay replay) ? replay : null;
	}

	public boolean isLiveAt(Instant now) {
		return this.expiresAt.isAfter(now);
	}

	/** Whether this is the answer to a second use of {@code presentedHash}'s token. */
	public boolean answers(String presentedHash) {
		return this.rotatedTokenHash.equals(presentedHash);
	}

}
