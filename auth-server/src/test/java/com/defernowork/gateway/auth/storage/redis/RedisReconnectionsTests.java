package com.defernowork.gateway.auth.storage.redis;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import com.defernowork.gateway.testsupport.MutableClock;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The driver's failed reconnections, as its event bus hands them on. */
@ExtendWith(OutputCaptureExtension.class)
class RedisReconnectionsTests {

	private static final InetSocketAddress LOCAL = InetSocketAddress.createUnresolved("auth-server", 50000);

	@Test
	void failedWhenManyConnectionsFailAtOnceThenOneLineAnIntervalCountingTheOthers(CapturedOutput output) {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
		ClientResources resources = DefaultClientResources.create();
		RedisReconnections reconnections = new RedisReconnections(resources, clock);
		try {
			InetSocketAddress redis = InetSocketAddress.createUnresolved("redis.internal", 6379);
			// an outage: each connection tries again at once, then every second
			for (int attempt = 1; attempt <= 10; attempt++) {
				reconnections.failed(
						new ReconnectFailedEvent(LOCAL, redis, new ConnectException("Connection refused"), attempt));
			}
			clock.advance(Duration.ofSeconds(11));
			reconnections
				.failed(new ReconnectFailedEvent(LOCAL, redis, new ConnectException("Connection refused"), 11));
			assertThat(output.getAll().lines().filter((line) -> line.contains("Cannot reconnect to Redis at")))
				.hasSize(2)
				.satisfies((lines) -> assertThat(lines.get(0))
					.contains("redis.internal:6379 (attempt 1): Connection refused"))
				.satisfies((lines) -> assertThat(lines.get(1)).contains("(attempt 11)", "(and 9 more since"));
		}
		finally {
			reconnections.destroy();
			resources.shutdown();
		}
	}

}
