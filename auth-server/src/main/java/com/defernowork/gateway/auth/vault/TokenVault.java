package com.defernowork.gateway.auth.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.SecretSeal;

import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;

/**
 * The encrypted store of Deferno tokens. A token obtained at sign-in is kept under a
 * random sign-in handle (which the {@code DefernoAuthenticationToken} carries); each
 * grant the person then approves gets its own copy under the authorization id, living as
 * long as the grant and deleted with it.
 */
public final class TokenVault {

	/** How long a sign-in entry waits for a grant to be approved. */
	static final Duration SIGN_IN_TTL = Duration.ofHours(8);

	private final KeyValueStore store;

	private final TokenCipher cipher;

	private final StringKeyGenerator handles = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(),
			32);

	TokenVault(KeyValueStore store, TokenCipher cipher) {
		this.store = store;
		this.cipher = cipher;
	}

	/** Stores the token of a fresh sign-in and returns its handle. */
	public String storeSignIn(DefernoCredential credential) {
		String handle = this.handles.generateKey();
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
	}

	/**
	 * Makes sure the grant has its token for {@code ttl} more: extends the grant's entry
	 * if it exists, else copies the sign-in entry. False when neither exists.
	 */
	public boolean bindGrant(String signInHandle, String authorizationId, Duration ttl) {
		String grant = grantEntry(authorizationId);
		if (this.store.expire(key(grant), ttl)) {
			return true;
		}
		if (signInHandle == null) {
			return false;
		}
		Optional<DefernoCredential> credential = read(signInEntry(signInHandle));
		credential.ifPresent((value) -> put(grant, value, ttl));
		return credential.isPresent();
	}

	public Optional<DefernoCredential> forGrant(String authorizationId) {
		return read(grantEntry(authorizationId));
	}

	public void deleteGrant(String authorizationId) {
		this.store.delete(key(grantEntry(authorizationId)));
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

	private static String signInEntry(String handle) {
		return "sign-in:" + handle;
	}

	private static String grantEntry(String authorizationId) {
		return "grant:" + authorizationId;
	}

}
