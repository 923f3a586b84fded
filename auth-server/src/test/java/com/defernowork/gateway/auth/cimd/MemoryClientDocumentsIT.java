package com.defernowork.gateway.auth.cimd;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;

class MemoryClientDocumentsIT extends AbstractClientDocumentsIT {

	/** Expires on the test's clock, like the cache's freshness. */
	@Override
	KeyValueStore store() {
		return new MemoryKeyValueStore(() -> this.clock.instant().toEpochMilli() * 1_000_000L, 1000);
	}

}
