package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AuthServerFailureLogTests {

	private final MutableClock clock = MutableClock.now();

	private final AuthServerFailureLog log = new AuthServerFailureLog(
			LoggerFactory.getLogger(AuthServerFailureLogTests.class), "Token introspection", this.clock);

	@Test
	void failedWhenAnOutageFailsManyCallsThenOneLinePerIntervalCountingTheRest(CapturedOutput output) {
		Instant start = this.clock.instant();
		for (int i = 0; i < 200; i++) {
			this.log.failed(new ResourceAccessException("I/O error on POST: Connection refused"));
		}
		assertThat(lines(output)).isEqualTo(1);
		assertThat(output).contains(
				"Token introspection at the authorization server failed: I/O error on POST: " + "Connection refused");
		this.clock.advance(AuthServerFailureLog.INTERVAL.minusMillis(1));
		this.log.failed(new ResourceAccessException("Read timed out"));
		assertThat(lines(output)).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(1));
		this.log.failed(new ResourceAccessException("Read timed out"));
		assertThat(lines(output)).isEqualTo(2);
		assertThat(output).contains("failed: Read timed out (and 200 more since " + start + ")");
	}

	@Test
	void failedWhenTheServersOwnCredentialsAreRefusedThenNotAWarningAndNotCounted(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.log.failed(HttpClientErrorException.create(HttpStatus.UNAUTHORIZED, "Unauthorized", null, null, null));
		}
		assertThat(lines(output)).isZero();
		this.log.failed(new ResourceAccessException("Connection refused"));
		assertThat(output).contains("failed: Connection refused").doesNotContain("more since");
	}

	@Test
	void failedWhenTheClockIsSetBackThenNotSilencedUntilItCatchesUp(CapturedOutput output) {
		Instant now = Instant.parse("2026-12-02T12:00:00Z");
		AtomicReference<Instant> time = new AtomicReference<>(now);
		Clock settable = new Clock() {

			@Override
			public Instant instant() {
				return time.get();
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				throw new UnsupportedOperationException();
			}

		};
		AuthServerFailureLog log = new AuthServerFailureLog(LoggerFactory.getLogger(AuthServerFailureLogTests.class),
				"Token introspection", settable);
		log.failed(new ResourceAccessException("Connection refused"));
		time.set(now.minus(Duration.ofHours(1)));
		log.failed(new ResourceAccessException("Connection refused"));
		assertThat(lines(output)).isEqualTo(2);
	}

	private static int lines(CapturedOutput output) {
		return output.getAll().split("at the authorization server failed", -1).length - 1;
	}

}
