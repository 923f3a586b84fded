package com.defernowork.gateway.auth.storage.memory;

import java.util.function.Supplier;

import com.defernowork.gateway.auth.storage.GrantLocks;

/** Striped in-process locks: the memory store lives in one process. */
public final class MemoryGrantLocks implements GrantLocks {

	private final Object[] stripes = new Object[64];

	public MemoryGrantLocks() {
		for (int i = 0; i < this.stripes.length; i++) {
			this.stripes[i] = new Object();
		}
	}

	@Override
	public <T> T withLock(String authorizationId, Supplier<T> work) {
		synchronized (this.stripes[Math.floorMod(authorizationId.hashCode(), this.stripes.length)]) {
			return work.get();
		}
	}

}
