package com.defernowork.gateway.model.scope;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScopesTests {

	@Test
	void allListsTheFiveScopesInOrder() {
		assertThat(Scopes.all()).containsExactly("tasks:read", "tasks:write", "plan:read", "plan:write",
				"profile:read");
	}

	@Test
	void writeImpliesReadButNotTheOtherWayRound() {
		assertThat(Scopes.satisfies(List.of("tasks:write"), Scopes.TASKS_READ)).isTrue();
		assertThat(Scopes.satisfies(List.of("plan:write"), Scopes.PLAN_READ)).isTrue();
		assertThat(Scopes.satisfies(List.of("tasks:read"), Scopes.TASKS_WRITE)).isFalse();
		assertThat(Scopes.satisfies(List.of("tasks:write"), Scopes.PLAN_READ)).isFalse();
	}

	@Test
	void expandKeepsUnknownValuesAndAddsImpliedOnes() {
		assertThat(Scopes.expand(List.of("mcp:tools", "tasks:write"))).containsExactly("mcp:tools", "tasks:write",
				"tasks:read");
	}

	@Test
	void ofRecognisesOnlyKnownValues() {
		assertThat(Scopes.of("profile:read")).contains(Scopes.PROFILE_READ);
		assertThat(Scopes.isKnown("offline_access")).isFalse();
	}

}
