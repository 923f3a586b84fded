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
 * random sign-in handle (which the {@code DefernoAuthenticationToken} carries) for the
 * signed-in session's idle timeout, renewed while the session uses it
 * ({@link #holdSignIn}), never past {@link #SIGN_IN_LIMIT}; sign-out and a Deny end it.
 * Sessions are not watched (Redis reports expiries only through keyspace notifications,
 * often disabled), so the hold's own expiry stands for the session's. Each grant gets its
 * own copy under the authorization id, living and deleted with the grant. A sign-in's
 * token is revoked at Deferno once nothing holds it ({@link DefernoTokenHolders}); its
 * handle says whether it is revocable, and its limit.
 */
public final class TokenVault {

	private static final Logger logger = LoggerFactory.getLogger(TokenVault.class);

	/** A session still in use then signs in again at its next authorization request. */
	static final Duration SIGN_IN_LIMIT = Duration.ofHours(8);

	/** Starts the handle of a sign-in whose token is revoked when it is let go. */
	private static final String REVOCABLE = "r.";

	/**
	 * Before the sign-in's limit in epoch seconds at a handle's end (base64url has no
	 * dot); older handles have none.
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

	/** Returns the handle of the sign-in's token, held for the session's {@code idle}. */
	public String storeSignIn(DefernoCredential credential, Duration idle) {
		VaultKeyCheck.restore(this.store, this.cipher);
		Hold hold = Hold.from(this.clock.instant(), idle);
		String handle = this.handles.generateKey() + hold.limitMark();
		put(signInEntry(handle), credential, hold.length());
		return handle;
	}

	/**
	 * Like {@link #storeSignIn(DefernoCredential, Duration)}, the token to be revoked at
	 * Deferno once no one holds it: by Deferno's {@code tokenId} for it, or, without one
	 * usable in a path, by ending its session. {@code user}, its owner, is named when it
	 * is.
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
	 * The session is in use: its token is held {@code idle} more, not past the sign-in's
	 * limit. False when its entry is gone (idled out, signed out, denied, or at the
	 * limit). A handle naming no limit is only looked up: its entry lasts 8 hours.
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

	/** Whether the sign-in's entry is still there, readable or not. */
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
	 * Deletes the sign-in entry {@code grant}'s token was copied from: its browser
	 * session is signed out at its next authorization request.
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

	/** Whether the grant's entry is still there, readable or not. */
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

	/** The sign-in's token is revoked, or never will be. */
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

	/** Empty when sealed for another purpose or with a key no longer configured. */
	public Optional<String> open(String sealed, String purpose) {
		return Optional.ofNullable(this.cipher.open(sealed, "sealed:" + purpose));
	}

	/**
	 * {@code value}, {@code .} and a mark only the vault's keys make: for a value handed
	 * out in clear that must later be told from one that merely looks like it.
	 */
	public String marked(String value) {
		return value + "." + this.cipher.mark(value);
	}

	/** Whether a configured key made the mark that ends {@code value}. */
	public boolean isMarked(String value) {
		int dot = value.lastIndexOf('.');
		return dot > 0 && this.cipher.isMark(value.substring(0, dot), value.substring(dot + 1));
	}

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
	 * A grant keeps its copy through every refresh, so an old key could otherwise never
	 * be dropped while the grant is in use. Only an entry still there is replaced.
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

	/** The entry name itself is what its ciphertext is bound to. */
	static String key(String entry) {
		return "vault:" + entry;
	}

	private static Instant heldUntil(Instant now, Duration idle, Instant limit) {
		Instant idleEnd = now.plus(idle);
		return idleEnd.isBefore(limit) ? idleEnd : limit;
	}

	/** Null for a handle that names none. */
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

	/** A fresh sign-in's hold, and its limit in whole seconds as its handle names it. */
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
