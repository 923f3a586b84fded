package com.defernowork.gateway.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RefreshReuseGraceWarningTests {

	@Test
	void graceWhenShorterThanAClientsRetriesThenWarnedButNotForNoGraceOrTheDefault(CapturedOutput output) {
		RefreshTokenRotation.warnIfShorterThanRetries(Duration.ZERO);
		RefreshTokenRotation.warnIfShorterThanRetries(Duration.ofSeconds(30));
		assertThat(output).doesNotContain("AUTH_REFRESH_REUSE_GRACE");
		RefreshTokenRotation.warnIfShorterThanRetries(Duration.ofSeconds(5));
		assertThat(output).contains("WARN")
			.contains("AUTH_REFRESH_REUSE_GRACE (auth.tokens.refresh-reuse-grace) is 5s")
			.contains("its grant revoked");
	}

}
