package com.defernowork.gateway.auth.registration;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ClientIdleTtlWarningTests {

	@Test
	void idleTtlWhenShorterThanRefreshTokensThenWarnedButNotWhenAsLongOrLonger(CapturedOutput output) {
		ClientReapingConfig.warnIfShorterThanRefreshTokens(Duration.ofDays(30), Duration.ofDays(30));
		ClientReapingConfig.warnIfShorterThanRefreshTokens(Duration.ofDays(90), Duration.ofDays(30));
		assertThat(output).doesNotContain("AUTH_CLIENT_IDLE_TTL");
		ClientReapingConfig.warnIfShorterThanRefreshTokens(Duration.ofDays(7), Duration.ofDays(30));
		assertThat(output).contains("WARN")
			.contains("AUTH_CLIENT_IDLE_TTL (auth.client-idle-ttl) is 7d, shorter than AUTH_REFRESH_TOKEN_TTL")
			.contains("has to register or authorize again");
	}

}
