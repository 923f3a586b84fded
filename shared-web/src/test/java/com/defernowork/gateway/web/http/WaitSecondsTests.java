package com.defernowork.gateway.web.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitSecondsTests {

	@Test
	void ofWhenPartOfASecondThenRoundedUpAndNeverZero() {
		assertThat(WaitSeconds.of(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(WaitSeconds.of(Duration.ZERO)).isEqualTo(1);
		assertThat(WaitSeconds.of(Duration.ofSeconds(2))).isEqualTo(2);
		assertThat(WaitSeconds.of(Duration.ofMillis(2001))).isEqualTo(3);
		assertThat(WaitSeconds.of(Duration.ofSeconds(392).plusNanos(1))).isEqualTo(393);
	}

}
