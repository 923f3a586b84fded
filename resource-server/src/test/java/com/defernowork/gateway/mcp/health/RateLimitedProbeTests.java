package com.defernowork.gateway.mcp.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Answer;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Observation;
import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedProbeTests {

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.now();

	private final AuthServerAnswers answers = new AuthServerAnswers("rs", this.clock);

	private final AtomicInteger probes = new AtomicInteger();

	/** Probes run on the reading thread: each read sees what the probe recorded. */
	private RateLimitedProbe<Observation> probe(Runnable probe) {
		return new RateLimitedProbe<>(() -> {
			this.probes.incrementAndGet();
			probe.run();
		}, this.answers::last, Observation::at, INTERVAL, Duration.ofMillis(500), Runnable::run, this.clock);
	}

	@Test
	void latestWhenReadOftenThenAskedOncePerInterval() {
		RateLimitedProbe<Observation> probe = probe(
				() -> this.answers.record(Answer.REFUSED, "401 from /oauth2/introspect"));
		for (int i = 0; i < 100; i++) {
			assertThat(probe.latest().answer()).isEqualTo(Answer.REFUSED);
			this.clock.advance(INTERVAL.dividedBy(200));
		}
		assertThat(this.probes).hasValue(1);
		this.clock.advance(INTERVAL.dividedBy(2));
		probe.latest();
		assertThat(this.probes).hasValue(2);
	}

	@Test
	void latestWhenRealCallsAnsweredWithinIntervalThenNeverAsks() {
		RateLimitedProbe<Observation> probe = probe(
				() -> this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect"));
		for (int i = 0; i < 10; i++) {
			this.answers.record(Answer.ACCEPTED, "200 from /oauth2/token");
			this.clock.advance(INTERVAL.minusSeconds(1));
			assertThat(probe.latest().cause()).isEqualTo("200 from /oauth2/token");
		}
		assertThat(this.probes).hasValue(0);
	}

	@Test
	void latestWhenRealCallRefusedThenDownAtOnceWithoutAsking() {
		RateLimitedProbe<Observation> probe = probe(
				() -> this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect"));
		assertThat(probe.latest().answer()).isEqualTo(Answer.ACCEPTED);
		this.clock.advance(Duration.ofSeconds(1));
		this.answers.record(Answer.REFUSED, "401 from /oauth2/introspect");
		assertThat(probe.latest().answer()).isEqualTo(Answer.REFUSED);
		assertThat(this.probes).hasValue(1);
	}

	@Test
	void latestWhenProbeRecordsNothingThenStillAsksAtMostOncePerInterval() {
		RateLimitedProbe<Observation> probe = probe(() -> {
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
		RateLimitedProbe<Observation> probe = new RateLimitedProbe<>(
				() -> this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect"), this.answers::last,
				Observation::at, INTERVAL, Duration.ZERO, started::add, this.clock);
		this.answers.record(Answer.REFUSED, "401 from /oauth2/introspect");
		this.clock.advance(INTERVAL.multipliedBy(3));
		// a hung authorization server: the probe does not finish, readers do not wait
		assertThat(probe.latest().answer()).isEqualTo(Answer.REFUSED);
		this.clock.advance(INTERVAL.multipliedBy(3));
		assertThat(probe.latest().answer()).isEqualTo(Answer.REFUSED);
		assertThat(started).hasSize(1);
		started.get(0).run();
		assertThat(probe.latest().answer()).isEqualTo(Answer.ACCEPTED);
		assertThat(started).hasSize(1);
	}

}
