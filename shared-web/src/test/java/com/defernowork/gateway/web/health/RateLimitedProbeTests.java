package com.defernowork.gateway.web.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedProbeTests {

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.now();

	/** What the watched service last said, by a probe or by a real call. */
	private final AtomicReference<Said> last = new AtomicReference<>();

	private final AtomicInteger probes = new AtomicInteger();

	/** Probes run on the reading thread: each read sees what the probe recorded. */
	private RateLimitedProbe<Said> probe(Runnable probe) {
		return new RateLimitedProbe<>(() -> {
			this.probes.incrementAndGet();
			probe.run();
		}, this.last::get, Said::at, INTERVAL, Duration.ofMillis(500), Runnable::run, this.clock);
	}

	private Runnable saying(String what) {
		return () -> record(what);
	}

	private void record(String what) {
		this.last.set(new Said(what, this.clock.instant()));
	}

	@Test
	void latestWhenReadOftenThenAskedOncePerInterval() {
		RateLimitedProbe<Said> probe = probe(saying("refused"));
		for (int i = 0; i < 100; i++) {
			assertThat(probe.latest().what()).isEqualTo("refused");
			this.clock.advance(INTERVAL.dividedBy(200));
		}
		assertThat(this.probes).hasValue(1);
		this.clock.advance(INTERVAL.dividedBy(2));
		probe.latest();
		assertThat(this.probes).hasValue(2);
	}

	@Test
	void latestWhenRealCallsAnsweredWithinIntervalThenNeverAsks() {
		RateLimitedProbe<Said> probe = probe(saying("probed"));
		for (int i = 0; i < 10; i++) {
			record("real call");
			this.clock.advance(INTERVAL.minusSeconds(1));
			assertThat(probe.latest().what()).isEqualTo("real call");
		}
		assertThat(this.probes).hasValue(0);
	}

	@Test
	void latestWhenRealCallSaysOtherwiseThenSeenAtOnceWithoutAsking() {
		RateLimitedProbe<Said> probe = probe(saying("accepted"));
		assertThat(probe.latest().what()).isEqualTo("accepted");
		this.clock.advance(Duration.ofSeconds(1));
		record("refused");
		assertThat(probe.latest().what()).isEqualTo("refused");
		assertThat(this.probes).hasValue(1);
	}

	@Test
	void latestWhenProbeRecordsNothingThenStillAsksAtMostOncePerInterval() {
		RateLimitedProbe<Said> probe = probe(() -> {
			throw new IllegalStateException("broken");
		});
		for (int i = 0; i < 10; i++) {
			assertThat(probe.latest()).isNull();
		}
		assertThat(this.probes).hasValue(1);
		this.clock.advance(INTERVAL);
		probe.latest();
		assertThat(this.probes).hasValue(2);
	}

	@Test
	void latestWhenProbeStillRunningThenReadersGetTheLastAnswerAndStartNoOther() {
		List<Runnable> started = new ArrayList<>();
		RateLimitedProbe<Said> probe = new RateLimitedProbe<>(saying("accepted"), this.last::get, Said::at, INTERVAL,
				Duration.ZERO, started::add, this.clock);
		record("refused");
		this.clock.advance(INTERVAL.multipliedBy(3));
		// a hung service: the probe does not finish, readers do not wait
		assertThat(probe.latest().what()).isEqualTo("refused");
		this.clock.advance(INTERVAL.multipliedBy(3));
		assertThat(probe.latest().what()).isEqualTo("refused");
		assertThat(started).hasSize(1);
		started.get(0).run();
		assertThat(probe.latest().what()).isEqualTo("accepted");
		assertThat(started).hasSize(1);
	}

	private record Said(String what, Instant at) {
	}

}
