package com.defernowork.gateway.auth.storage;

import java.util.Optional;

/**
 * Seals a secret of the gateway's own before it goes into the store and opens it after
 * (the vault's key does it): what the store holds is of no use to someone who can only
 * read the store.
 */
public interface SecretSeal {

	String seal(String secret);

	/** The secret, or empty when it was sealed with a key no longer configured. */
	Optional<String> open(String sealed);

	/** Whether it was sealed with the current key, not an old one. */
	boolean isCurrent(String sealed);

	String keyId(String sealed);

}
