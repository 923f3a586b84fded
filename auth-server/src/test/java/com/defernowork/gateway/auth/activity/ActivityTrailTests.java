package com.defernowork.gateway.auth.activity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityTrailTests {

	private final MutableClock clock = MutableClock.now();

	private final AtomicLong nanos = new AtomicLong();

	private final ActivityTrail trail = new ActivityTrail(new MemoryKeyValueStore(this.nanos::get),
			JsonMapper.builder().findAndAddModules().build(), new ActivityProperties(3, Duration.ofDays(7)),
			this.clock);

	@Test
	void recentWhenMoreCallsThanKeptThenNewestFirstAndBounded() {
		for (String tool : List.of("a", "b", "c", "d")) {
			this.trail.record("u1", "client-1", tool, "ok", 5);
			this.clock.advance(Duration.ofSeconds(1));
		}
		List<ActivityEntry> recent = this.trail.recent("u1");
		assertThat(recent).extracting(ActivityEntry::tool).containsExactly("d", "c", "b");
		assertThat(recent.get(0).at()).isAfter(recent.get(1).at());
		assertThat(recent.get(0).client()).isEqualTo("client-1");
		assertThat(this.trail.recent("u2")).isEmpty();
	}

	@Test
	void recentWhenTtlPassedSinceLastCallThenForgotten() {
		this.trail.record("u1", "client-1", "a", "error", 5);
		this.nanos.addAndGet(Duration.ofDays(7).plusSeconds(1).toNanos());
		assertThat(this.trail.recent("u1")).isEmpty();
	}

}
