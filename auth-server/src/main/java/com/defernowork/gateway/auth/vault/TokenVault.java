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
 * random sign-in handle (which the {@code DefernoAuthenticationToken} carries) for as
 * long as the browser session that signed in may still approve a grant with it: the
 * signed-in session's idle timeout, renewed each time the session asks for an
 * authorization or answers a consent ({@link #holdSignIn}), and never past
 * {@link #SIGN_IN_LIMIT} after the sign-in; sign-out and a Deny end it at once. Sessions
 * are not watched (Redis reports expiries only through keyspace notifications, often
 * disabled), so the hold's own expiry stands for the session's. Each grant the person
 * approves gets its own copy under the authorization id, living as long as the grant and
 * deleted with it. A sign-in's token is revoked at Deferno once neither the sign-in nor
 * any grant holds it ({@link DefernoTokenHolders}); its handle says so, so that binding a
 * grant of a sign-in from before costs nothing more, and says until when the sign-in may
 * be held at most.
 */
public final class TokenVault {

	private static final Logger logger = LoggerFactory.getLogger(TokenVault.class);

	/**
	 * How long after the sign-in its token is held at most, however often its session
	 * uses it: a session still in use then signs in again at its next authorization
	 * request.
	 */
	static final Duration SIGN_IN_LIMIT = Duration.ofHours(8);

	/** Starts the handle of a sign-in whose token is revoked when it is let go. */
	private static final String REVOCABLE = "r.";

	/**
	 * Ends a handle before the sign-in's limit in epoch seconds (the random part is
	 * base64url, which has no dot); a handle of an earlier version has none.
	 */
	private static final char LIMIT = '.';

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

	/**
	 * Stores the token of a fresh sign-in, held for {@code idle} (the signed-in session's
	 * idle timeout), and returns its handle.
	 */
	public String storeSignIn(DefernoCredential credential, Duration idle) {
		VaultKeyCheck.restore(this.store, this.cipher);
		Hold hold = Hold.from(this.clock.instant(), idle);
		String handle = this.handles.generateKey() + hold.limitMark();
		put(signInEntry(handle), credential, hold.length());
		return handle;
	}

	/**
	 * Stores the token of a fresh sign-in, held for {@code idle} (the signed-in session's
	 * idle timeout), to be revoked at Deferno once no one holds it: by Deferno's
	 * {@code tokenId} for it, or, without one (or one that cannot be part of a path), by
	 * ending its session. {@code user} is its owner, named when it is.
	 */
	public String storeSignIn(DefernoCredential credential, String tokenId, String user, Duration idle) {
		if (user == null || user.indexOf('\n') >= 0) {
			return storeSignIn(credential, idle);
		}
		VaultKeyCheck.restore(this.store, this.cipher);
		String id = (tokenId != null && TOKEN_ID.matcher(tokenId).matches()) ? tokenId : "";
		Hold hold = Hold.from(this.clock.instant(), idle);
		String handle = REVOCABLE + this.handles.generateKey() + hold.limitMark();
		String entry = revocableEntry(handle);
		// due first: a store failing halfway must not leave a token kept without expiry
		// that no sweep would find
		this.holders.open(handle, hold.until());
		this.store.put(key(entry), this.cipher.seal(id + "\n" + user + "\n" + credential.token(), entry), null);
		put(signInEntry(handle), credential, hold.length());
		return handle;
	}

	/**
	 * The sign-in's session is in use (an authorization request, a consent): its token is
	 * held for {@code idle} more, but not past the sign-in's limit. False when its entry
	 * is gone (the session idled out, signed out, denied a consent, or reached the
	 * limit): the session is no sign-in any more. A handle of an earlier version, which
	 * names no limit, is only looked up: its entry lasts 8 hours from its sign-in.
	 */
	public boolean holdSignIn(String handle, Duration idle) {
		Instant limit = limitOf(handle);
		if (limit == null) {
			return hasSignIn(handle);
		}
		Instant now = this.clock.instant();
		Instant until = heldUntil(now, idle, limit);
		if (!until.isAfter(now)) {
			deleteSignIn(handle);
			return false;
		}
		boolean revocable = isRevocable(handle);
		if (revocable) {
			// held before the entry is extended, as in bindGrant
			this.holders.hold(handle, DefernoTokenHolders.SIGN_IN, until);
		}
		boolean held = this.store.expire(key(signInEntry(handle)), Duration.between(now, until));
		if (!held && revocable) {
			this.holders.release(handle, DefernoTokenHolders.SIGN_IN);
		}
		return held;
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

	/** At sign-out, or a Deny: the grants keep their own copies. */
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

	private static Instant heldUntil(Instant now, Duration idle, Instant limit) {
		Instant idleEnd = now.plus(idle);
		return idleEnd.isBefore(limit) ? idleEnd : limit;
	}

	/** The limit the handle names, or null for a handle of an earlier version. */
	private static Instant limitOf(String handle) {
		int mark = handle.lastIndexOf(LIMIT);
		if (mark < 0 || (isRevocable(handle) && mark < REVOCABLE.length())) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(handle.substring(mark + 1)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * A fresh sign-in's hold: from {@code now} for the session's idle time, and its limit
	 * (whole seconds, as its handle names it).
	 */
	private record Hold(Instant now, Instant limit, Instant until) {

		static Hold from(Instant now, Duration idle) {
			Instant limit = Instant.ofEpochSecond(now.plus(SIGN_IN_LIMIT).getEpochSecond());
			return new Hold(now, limit, heldUntil(now, idle, limit));
		}

		String limitMark() {
			return LIMIT + Long.toString(this.limit.getEpochSecond());
		}

		Duration length() {
			return Duration.between(this.now, this.until);
		}

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
