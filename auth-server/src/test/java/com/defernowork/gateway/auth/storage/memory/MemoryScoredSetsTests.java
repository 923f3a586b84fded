package com.defernowork.gateway.auth.storage.memory;

import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.ScoredSetsContract;

class MemoryScoredSetsTests extends ScoredSetsContract {

	private final MemoryScoredSets sets = new MemoryScoredSets();

	@Override
	protected ScoredSets sets() {
		return this.sets;
	}

}
