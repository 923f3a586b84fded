package com.defernowork.gateway.auth.vault;

import java.time.Duration;

/** Where sealed vault entries live (Redis or memory); it never sees a plaintext token. */
interface VaultStore {

	void put(String name, String sealed, Duration ttl);

	String get(String name);

	/** Extends an existing entry's life; false when it does not exist. */
	boolean touch(String name, Duration ttl);

	void delete(String name);

}
