package com.defernowork.gateway.auth.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory session store is bounded in number and forgets idle sessions after their
 * own timeout.
 */
class MemorySessionRepositoryTests {

	private final AtomicLong nanos = new AtomicLong();

	private final Ticker ticker = this.nanos::get;

	private final MapSessionRepository sessions = MemorySessionConfig.repository(
			new SessionProperties(Duration.ofMinutes(5), Duration.ofMinutes(30), 3, Duration.ofMinutes(5)),
			this.ticker);

	@Test
	void sessionWhenIdleLongerThanTheAnonymousTimeoutThenGone() {
		MapSession session = saved();
		advance(Duration.ofMinutes(4));
		assertThat(this.sessions.findById(session.getId())).isNotNull();
		advance(Duration.ofMinutes(2));
		assertThat(this.sessions.findById(session.getId())).isNull();
	}

	@Test
	void sessionWhenSignedInTimeoutSetThenKeptForIt() {
		MapSession session = saved();
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		this.sessions.save(session);
		advance(Duration.ofMinutes(20));
		assertThat(this.sessions.findById(session.getId())).isNotNull();
		advance(Duration.ofMinutes(11));
		assertThat(this.sessions.findById(session.getId())).isNull();
	}

	@Test
	void sessionsWhenMoreThanTheBoundThenNoMoreThanItKept() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add(saved().getId());
		}
		assertThat(ids.stream().filter((id) -> this.sessions.findById(id) != null)).hasSizeLessThanOrEqualTo(3);
		assertThat(this.sessions.findById(ids.get(9))).isNotNull();
	}

	private MapSession saved() {
		MapSession session = this.sessions.createSession();
		session.setAttribute("SPRING_SECURITY_SAVED_REQUEST", "x");
		this.sessions.save(session);
		return session;
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
