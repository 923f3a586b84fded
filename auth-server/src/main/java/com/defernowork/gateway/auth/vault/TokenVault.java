package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.SecretSeal;

import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The encrypted store of Deferno tokens. A token obtained at sign-in is kept under a
 * random sign-in handle (which the {@code DefernoAuthenticationToken} carries); each
 * grant the person then approves gets its own copy under the authorization id, living as
 * long as the grant and deleted with it. A sign-in's token is revoked at Deferno once
 * neither the sign-in nor any grant holds it ({@link DefernoTokenHolders}); its handle
 * says so, so that binding a grant of a sign-in from before costs nothing more.
 */
public final class TokenVault {

	private static final Logger logger = LoggerFactory.getLogger(TokenVault.class);

	/** How long a sign-in entry waits for a grant to be approved. */
	static final Duration SIGN_IN_TTL = Duration.ofHours(8);

	/** Starts the handle of a sign-in whose token is revoked when it is let go. */
	private static final String REVOCABLE = "r.";

	/** Deferno's id for a token as a path segment can hold it: no dot segment. */
	private static final Pattern TOKEN_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._~-]{1,128}");

	private final KeyValueStore store;

	private final TokenCipher cipher;

	private final DefernoTokenHolders holders;

	private final Clock clock;

	private final StringKeyGenerator handles = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(),
			32);

	TokenVault(KeyValueStore store, TokenCipher cipher, DefernoTokenHolders holders, Clock clock) {
		this.store = store;
		this.cipher = cipher;
		this.holders = holders;
		this.clock = clock;
	}

	/** Stores the token of a fresh sign-in and returns its handle. */
	public String storeSignIn(DefernoCredential credential) {
		VaultKeyCheck.restore(this.store, this.cipher);
		String handle = this.handles.generateKey();
		put(signInEntry(handle), credential, SIGN_IN_TTL);
		return handle;
	}

	/**
	 * Stores the token of a fresh sign-in, to be revoked at Deferno once no one holds it:
	 * by Deferno's {@code tokenId} for it, or, without one (or one that cannot be part of
	 * a path), by ending its session. {@code user} is its owner, named when it is.
	 */
	public String storeSignIn(DefernoCredential credential, String tokenId, String user) {
		if (user == null || user.indexOf('\n') >= 0) {
			return storeSignIn(credential);
		}
		VaultKeyCheck.restore(this.store, this.cipher);
		String id = (tokenId != null && TOKEN_ID.matcher(tokenId).matches()) ? tokenId : "";
		String handle = REVOCABLE + this.handles.generateKey();
		String entry = revocableEntry(handle);
		// due first: a store failing halfway must not leave a token kept without expiry
		// that no sweep would find
		this.holders.open(handle, this.clock.instant().plus(SIGN_IN_TTL));
		this.store.put(key(entry), this.cipher.seal(id + "\n" + user + "\n" + credential.token(), entry), null);
		put(signInEntry(handle), credential, SIGN_IN_TTL);
		return handle;
	}

	public Optional<DefernoCredential> forSignIn(String handle) {
		return read(signInEntry(handle));
	}

	/**
	 * Whether the sign-in's entry is still there (it expires, or went at sign-out),
	 * readable or not.
	 */
	public boolean hasSignIn(String handle) {
		return this.store.get(key(signInEntry(handle))) != null;
	}

	/** At sign-out: the grants keep their own copies. */
	public void deleteSignIn(String handle) {
		this.store.delete(key(signInEntry(handle)));
		if (isRevocable(handle)) {
			this.holders.release(handle, DefernoTokenHolders.SIGN_IN);
		}
	}

	/**
	 * Deletes the sign-in entry {@code grant}'s token was copied from (the same token),
	 * if it is still there: a browser session whose entry is gone is signed out at its
	 * next authorization request.
	 */
	public void deleteSignInOf(OAuth2Authorization grant) {
		String handle = VaultBoundAuthorizationService.signInHandle(grant);
		if (handle != null) {
			deleteSignIn(handle);
		}
	}

	/**
	 * Makes sure the grant has its token for {@code ttl} more: extends the grant's entry
	 * if it exists, else copies the sign-in entry. False when neither exists.
	 */
	public boolean bindGrant(String signInHandle, String authorizationId, Duration ttl) {
		String grant = grantEntry(authorizationId);
		boolean revocable = isRevocable(signInHandle);
		if (revocable) {
			// held before the copy is extended or made: a sweep that found no holder (the
			// sign-in gone, the grant's copy at its end) then revokes a token with no
			// copy left to extend or make, not one this copy outlives
			this.holders.hold(signInHandle, authorizationId, this.clock.instant().plus(ttl));
			resealIfOld(revocableEntry(signInHandle), null);
		}
		boolean bound = this.store.expire(key(grant), ttl);
		if (bound) {
			resealIfOld(grant, ttl);
		}
		else if (signInHandle != null) {
			Optional<DefernoCredential> credential = read(signInEntry(signInHandle));
			credential.ifPresent((value) -> put(grant, value, ttl));
			bound = credential.isPresent();
		}
		if (!bound && revocable) {
			this.holders.release(signInHandle, authorizationId);
		}
		return bound;
	}

	public Optional<DefernoCredential> forGrant(String authorizationId) {
		return read(grantEntry(authorizationId));
	}

	/**
	 * Whether the grant's entry is still there (it went with the grant, or was lost from
	 * the store), readable or not.
	 */
	public boolean hasGrant(String authorizationId) {
		return this.store.get(key(grantEntry(authorizationId))) != null;
	}

	/** The grant's copy goes; {@code signInHandle} is the sign-in it was copied from. */
	public void deleteGrant(String signInHandle, String authorizationId) {
		this.store.delete(key(grantEntry(authorizationId)));
		if (isRevocable(signInHandle)) {
			this.holders.release(signInHandle, authorizationId);
		}
	}

	/** The token kept for revocation under the sign-in's handle, if it still is. */
	Optional<RevocableToken> revocable(String handle) {
		String entry = revocableEntry(handle);
		String sealed = this.store.get(key(entry));
		String plain = (sealed != null) ? this.cipher.open(sealed, entry) : null;
		if (plain == null) {
			if (sealed != null) {
				logger.warn("A Deferno token kept to be revoked cannot be opened with the vault's keys (a key "
						+ "removed from VAULT_OLD_KEYS?); it is not revoked at Deferno");
			}
			return Optional.empty();
		}
		String[] parts = plain.split("\n", 3);
		return Optional.of(new RevocableToken(parts[0].isEmpty() ? null : parts[0], parts[1], parts[2]));
	}

	/**
	 * The sign-in's token is revoked, or never will be: nothing is kept for it any more.
	 */
	void forgetRevocable(String handle) {
		this.store.delete(key(revocableEntry(handle)));
		this.holders.done(handle);
	}

	/**
	 * Seals a short-lived secret of another kind with the vault's key (e.g. a refresh
	 * answer kept for its grace window); {@code purpose} is bound to it and must be given
	 * again to open it.
	 */
	public String seal(String secret, String purpose) {
		return this.cipher.seal(secret, "sealed:" + purpose);
	}

	/**
	 * The sealed secret, or empty when sealed for another purpose or with a key no longer
	 * configured.
	 */
	public Optional<String> open(String sealed, String purpose) {
		return Optional.ofNullable(this.cipher.open(sealed, "sealed:" + purpose));
	}

	/**
	 * {@code value} followed by {@code .} and a mark that only a holder of the vault's
	 * keys can make for it ({@link #isMarked}): for a value handed out in clear that must
	 * later be told from one that merely looks like it.
	 */
	public String marked(String value) {
		return value + "." + this.cipher.mark(value);
	}

	/**
	 * Whether {@code value} ends in a mark that one of the configured keys made for the
	 * rest of it ({@link #marked}); a value changed in any way, cut short or run on, does
	 * not.
	 */
	public boolean isMarked(String value) {
		int dot = value.lastIndexOf('.');
		return dot > 0 && this.cipher.isMark(value.substring(0, dot), value.substring(dot + 1));
	}

	/**
	 * {@link #seal} and {@link #open} for one purpose, for a store of the gateway's own
	 * secret.
	 */
	public SecretSeal sealFor(String purpose) {
		return new SecretSeal() {

			@Override
			public String seal(String secret) {
				return TokenVault.this.seal(secret, purpose);
			}

			@Override
			public Optional<String> open(String sealed) {
				return TokenVault.this.open(sealed, purpose);
			}

			@Override
			public boolean isCurrent(String sealed) {
				return TokenVault.this.cipher.isCurrent(sealed);
			}

			@Override
			public String keyId(String sealed) {
				return Objects.requireNonNullElse(TokenCipher.keyId(sealed), "?");
			}

		};
	}

	/**
	 * Seals an entry sealed with an old key again with the current one. A grant keeps its
	 * copy through every refresh, so without this an old key could never be dropped while
	 * the grant is in use; here, once every refresh-token lifetime since the rotation.
	 * Only an entry still there is replaced: one deleted meanwhile stays deleted. Without
	 * old keys configured no entry can need it, and nothing is read.
	 */
	private void resealIfOld(String entry, Duration ttl) {
		if (!this.cipher.hasOldKeys()) {
			return;
		}
		String sealed = this.store.get(key(entry));
		if (sealed == null || this.cipher.isCurrent(sealed)) {
			return;
		}
		String plain = this.cipher.open(sealed, entry);
		if (plain != null) {
			this.store.replace(key(entry), this.cipher.seal(plain, entry), ttl);
		}
	}

	private void put(String entry, DefernoCredential credential, Duration ttl) {
		String expires = (credential.expiresAt() != null) ? Long.toString(credential.expiresAt().getEpochSecond())
				: "-";
		this.store.put(key(entry), this.cipher.seal(expires + "|" + credential.token(), entry), ttl);
	}

	private Optional<DefernoCredential> read(String entry) {
		String sealed = this.store.get(key(entry));
		String plain = (sealed != null) ? this.cipher.open(sealed, entry) : null;
		if (plain == null) {
			return Optional.empty();
		}
		int bar = plain.indexOf('|');
		String expires = plain.substring(0, bar);
		Instant expiresAt = expires.equals("-") ? null : Instant.ofEpochSecond(Long.parseLong(expires));
		return Optional.of(new DefernoCredential(plain.substring(bar + 1), expiresAt));
	}

	/**
	 * Where an entry is stored; the entry name itself is what its ciphertext is bound to.
	 */
	static String key(String entry) {
		return "vault:" + entry;
	}

	private static boolean isRevocable(String handle) {
		return handle != null && handle.startsWith(REVOCABLE);
	}

	private static String revocableEntry(String handle) {
		return "revocable:" + handle;
	}

	private static String signInEntry(String handle) {
		return "sign-in:" + handle;
	}

	private static String grantEntry(String authorizationId) {
		return "grant:" + authorizationId;
	}

}
