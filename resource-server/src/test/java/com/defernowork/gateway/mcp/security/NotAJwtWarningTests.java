package com.defernowork.gateway.mcp.security;

import com.defernowork.gateway.web.logging.RateLimitedWarning;
import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jwt.BadJwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class NotAJwtWarningTests {

	private final MutableClock clock = MutableClock.now();

	private final NotAJwtWarning decoder = new NotAJwtWarning((token) -> {
		throw new BadJwtException("An error occurred while attempting to decode the Jwt: Malformed token");
	}, this.clock);

	@Test
	void decodeWhenTokensAreNotJwtsThenStillRefusedAndTheCauseLoggedOncePerInterval(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("grant-1.opaque"));
		}
		assertThat(output.getAll().split("AUTH_TOKEN_FORMAT is jwt", -1)).hasSize(2);
		this.clock.advance(RateLimitedWarning.INTERVAL.plusSeconds(1));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("opaque"));
		assertThat(output.getAll().split("AUTH_TOKEN_FORMAT is jwt", -1)).hasSize(3);
		assertThat(output).contains("(and 4 more since");
	}

	@Test
	void decodeWhenAJwtFailsItsChecksThenNoWordAboutTheFormat(CapturedOutput output) {
		// signed by another key, expired, or forged: a JWT all the same
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("eyJh.eyJz.c2ln"));
		assertThat(output).doesNotContain("AUTH_TOKEN_FORMAT");
	}

}
