package com.defernowork.gateway.auth.activity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class ActivityTrailTests {

	private final MutableClock clock = MutableClock.now();

	private final AtomicLong nanos = new AtomicLong();

	private final ActivityTrail trail = new ActivityTrail(new MemoryKeyValueStore(this.nanos::get),
			JsonMapper.builder().findAndAddModules().build(), new ActivityProperties(3, Duration.ofDays(7)),
			this.clock);

	@Test
	void recentWhenMoreCallsThanKeptThenNewestFirstAndBounded() {
		for (String tool : List.of("a", "b", "c", "d")) {
			this.trail.record(List.of(new ReportedCall("u1", "client-1", tool, "ok", 5)));
			this.clock.advance(Duration.ofSeconds(1));
		}
		List<ActivityEntry> recent = this.trail.recent("u1");
		assertThat(recent).extracting(ActivityEntry::tool).containsExactly("d", "c", "b");
		assertThat(recent.get(0).at()).isAfter(recent.get(1).at());
		assertThat(recent.get(0).client()).isEqualTo("client-1");
		assertThat(this.trail.recent("u2")).isEmpty();
	}

	@Test
	void recordWhenOneReportCarriesSeveralPeoplesCallsThenEachTrailNewestFirstAndBounded() {
		this.trail.record(List.of(new ReportedCall("u1", "client-1", "earlier", "ok", 1)));
		this.trail.record(List.of(new ReportedCall("u1", "client-1", "a", "ok", 1),
				new ReportedCall("u2", "client-2", "x", "denied", 2),
				new ReportedCall("u1", "client-1", "b", "error", 3)));
		assertThat(this.trail.recent("u1")).extracting(ActivityEntry::tool).containsExactly("b", "a", "earlier");
		assertThat(this.trail.recent("u2")).extracting(ActivityEntry::client, ActivityEntry::outcome)
			.containsExactly(tuple("client-2", "denied"));

		this.trail.record(List.of(new ReportedCall("u1", "client-1", "c", "ok", 1),
				new ReportedCall("u1", "client-1", "d", "ok", 1), new ReportedCall("u1", "client-1", "e", "ok", 1),
				new ReportedCall("u1", "client-1", "f", "ok", 1)));
		assertThat(this.trail.recent("u1")).extracting(ActivityEntry::tool).containsExactly("f", "e", "d");
	}

	@Test
	void recentWhenTtlPassedSinceLastCallThenForgotten() {
		this.trail.record(List.of(new ReportedCall("u1", "client-1", "a", "error", 5)));
		this.nanos.addAndGet(Duration.ofDays(7).plusSeconds(1).toNanos());
		assertThat(this.trail.recent("u1")).isEmpty();
	}

}
