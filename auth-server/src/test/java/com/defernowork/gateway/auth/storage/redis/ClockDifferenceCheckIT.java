package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.testsupport.redis.RedisProcess;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This server's clock against a Redis of the test's own (on this machine, so with the
 * same clock): a server set ahead or behind is told once, and once more when it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClockDifferenceCheckIT {

	private final OffsetClock clock = new OffsetClock();

	private RedisProcess redis;

	private LettuceConnectionFactory connection;

	private ClockDifferenceCheck check;

	@BeforeEach
	void start() {
		this.redis = RedisProcess.start();
		this.connection = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
		this.connection.afterPropertiesSet();
		this.connection.start();
		this.check = new ClockDifferenceCheck(new StringRedisTemplate(this.connection), this.clock);
	}

	@AfterEach
	void stop() {
		this.connection.destroy();
		this.redis.close();
	}

	@Test
	void runWhenTheClockDiffersFromRedisByMoreThanAllowedThenOneWarningAndOneLineWhenBack(CapturedOutput output) {
		assertThat(this.check.aheadOfRedis().abs()).isLessThan(Duration.ofSeconds(1));
		this.check.run();
		this.clock.offset = Duration.ofSeconds(8);
		this.check.run();
		this.check.run();
		this.clock.offset = Duration.ofSeconds(-300);
		this.check.run();
		this.clock.offset = Duration.ZERO;
		this.check.run();

		assertThat(output.getAll().lines().filter((line) -> line.contains("This auth server's clock")))
			.satisfiesExactly((line) -> assertThat(line).contains("WARN")
				.containsPattern("clock is 8\\.\\d s ahead of Redis's: keep the servers' clocks in sync \\(NTP\\)"),
					(line) -> assertThat(line).contains("INFO")
						.containsPattern("within 5 s of Redis's again \\(0\\.\\d s "));
	}

	@Test
	void describeWhenBehindThenSaysSo() {
		assertThat(ClockDifferenceCheck.describe(Duration.ofMillis(-300_400))).isEqualTo("300.4 s behind");
		assertThat(ClockDifferenceCheck.describe(Duration.ofMillis(8_000))).isEqualTo("8.0 s ahead of");
	}

	private static final class OffsetClock extends Clock {

		volatile Duration offset = Duration.ZERO;

		@Override
		public Instant instant() {
			return Instant.now().plus(this.offset);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
