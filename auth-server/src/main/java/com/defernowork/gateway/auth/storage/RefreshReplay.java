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
 * writing nothing, unless the stored grant still holds that token
 * ({@link #overwritesAnotherChange}).
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
		return (authorization.getAttribute(ATTRIBUTE) instanceof RefreshReplay replay && replay.isLiveAt(now)) ? replay
				: null;
	}

	/**
	 * Whether saving {@code saving} over a grant stored with the refresh token of hash
	 * {@code storedRefreshHash} (null: none, or no grant) would undo a change: a rotation
	 * must start from the token it rotates, or it would bring back a removed grant or
	 * kill the tokens another rotation handed out.
	 */
	public static boolean overwritesAnotherChange(OAuth2Authorization saving, String storedRefreshHash, Instant now) {
		RefreshReplay replay = of(saving, now);
		String refreshHash = TokenIndex.REFRESH_TOKEN.hashOf(saving);
		return replay != null && refreshHash != null && !refreshHash.equals(storedRefreshHash)
				&& !replay.rotatedTokenHash().equals(storedRefreshHash);
	}

	public boolean isLiveAt(Instant now) {
		return this.expiresAt.isAfter(now);
	}

	/**
	 * The answer to a second use of {@code presentedHash}'s refresh token, if this replay
	 * is for it.
	 */
	public boolean answers(String presentedHash) {
		return this.rotatedTokenHash.equals(presentedHash);
	}

}
