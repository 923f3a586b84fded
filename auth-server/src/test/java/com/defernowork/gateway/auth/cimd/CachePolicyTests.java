package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.time.Instant;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import org.apache.hc.client5.http.utils.DateUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachePolicyTests {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private final CachePolicy policy = new CachePolicy(Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(5),
			Duration.ofDays(1));

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			max-age=300                    | 300
			public, max-age=7200           | 7200
			MAX-AGE=600, must-revalidate   | 600
			max-age=5                      | 60
			max-age=0                      | 60
			max-age=31536000               | 86400
			max-age=99999999999999999999   | 86400
			max-age=abc                    | 60
			max-age=-10                    | 60
			max-age=3600, s-maxage=900     | 900
			no-cache                       | 60
			no-cache, max-age=3600         | 60
			private, max-age=120           | 120
			max-age=300, max-age=600       | 600
			""")
	void lifetimeWhenCacheControlThenWithinBounds(String cacheControl, long seconds) {
		assertThat(this.policy.lifetime(headers(cacheControl, null, null, null), NOW))
			.hasValue(Duration.ofSeconds(seconds));
	}

	@Test
	void lifetimeWhenNoStoreThenNotStoredAtAll() {
		assertThat(this.policy.lifetime(headers("no-store", null, null, null), NOW)).isEmpty();
		assertThat(this.policy.lifetime(headers("max-age=3600, no-store", null, null, null), NOW)).isEmpty();
	}

	@Test
	void lifetimeWhenAgeGivenThenWhatRemains() {
		assertThat(this.policy.lifetime(headers("max-age=600", null, null, "200"), NOW))
			.hasValue(Duration.ofSeconds(400));
		assertThat(this.policy.lifetime(headers("max-age=600", null, null, "590"), NOW))
			.hasValue(Duration.ofMinutes(1));
	}

	@Test
	void lifetimeWhenExpiresThenMeasuredFromDate() {
		String date = DateUtils.formatStandardDate(NOW.minusSeconds(30));
		String expires = DateUtils.formatStandardDate(NOW.plusSeconds(600));

		assertThat(this.policy.lifetime(headers(null, expires, date, null), NOW)).hasValue(Duration.ofSeconds(630));
		assertThat(this.policy.lifetime(headers(null, expires, null, null), NOW)).hasValue(Duration.ofSeconds(600));
	}

	@Test
	void lifetimeWhenExpiresInvalidOrPastThenMinimum() {
		assertThat(this.policy.lifetime(headers(null, "0", null, null), NOW)).hasValue(Duration.ofMinutes(1));
		assertThat(this.policy.lifetime(headers(null, DateUtils.formatStandardDate(NOW.minusSeconds(60)), null, null),
				NOW))
			.hasValue(Duration.ofMinutes(1));
	}

	@Test
	void lifetimeWhenMaxAgeAndExpiresThenMaxAgeWins() {
		String expires = DateUtils.formatStandardDate(NOW.plusSeconds(7200));

		assertThat(this.policy.lifetime(headers("max-age=300", expires, null, null), NOW))
			.hasValue(Duration.ofSeconds(300));
	}

	@Test
	void lifetimeWhenNothingSaidThenDefault() {
		assertThat(this.policy.lifetime(CacheHeaders.NONE, NOW)).hasValue(Duration.ofMinutes(5));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			null                           | 86400
			max-age=300                    | 86400
			public, max-age=300            | 86400
			max-age=300, must-revalidate   | 0
			max-age=300, proxy-revalidate  | 0
			no-cache                       | 0
			s-maxage=300                   | 0
			""")
	void staleIfErrorWhenHeadersAllowThenTheBoundElseZero(String cacheControl, long seconds) {
		assertThat(this.policy.staleIfError(headers(cacheControl, null, null, null)))
			.isEqualTo(Duration.ofSeconds(seconds));
	}

	@Test
	void constructorWhenMinAboveMaxThenRefusedNamingBothSettings() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(
				() -> new CachePolicy(Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(5), Duration.ZERO))
			.withMessageStartingWith("AUTH_CIMD_CACHE_MIN_TTL (auth.cimd.cache.min-ttl) must be 0 or more and at most "
					+ "AUTH_CIMD_CACHE_MAX_TTL");
	}

	private static CacheHeaders headers(String cacheControl, String expires, String date, String age) {
		return new CacheHeaders(cacheControl, expires, date, age, null, null);
	}

}
