package com.defernowork.gateway.web.logging;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RateLimitedWarningTests {

	@Test
	void warnWhenRepeatedWithinTheIntervalThenOneLineAndTheNextCountsThem(CapturedOutput output) {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
		RateLimitedWarning warning = new RateLimitedWarning(LoggerFactory.getLogger(RateLimitedWarningTests.class),
				clock);
		warning.warn("Deferno is down");
		warning.warn("Deferno is down");
		warning.warn("Deferno is down");
		assertThat(output.getAll().lines().filter((line) -> line.contains("Deferno is down"))).hasSize(1);
		clock.advance(RateLimitedWarning.INTERVAL.plus(Duration.ofSeconds(1)));
		warning.warn("Deferno is down");
		assertThat(output.getAll()).contains("Deferno is down (and 2 more since 2026-12-06T10:00:00Z)");
	}

}
