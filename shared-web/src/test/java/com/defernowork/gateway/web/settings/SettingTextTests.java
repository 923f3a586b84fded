package com.defernowork.gateway.web.settings;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class SettingTextTests {

	@Test
	void ofWhenDurationThenItsLargestWholeUnitAsTheDocsWriteIt() {
		assertThat(SettingText.of(Duration.ofMinutes(-5))).isEqualTo("-5m");
		assertThat(SettingText.of(Duration.ZERO)).isEqualTo("0s");
		assertThat(SettingText.of(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(SettingText.of(Duration.ofHours(24))).isEqualTo("1d");
		assertThat(SettingText.of(Duration.ofDays(30))).isEqualTo("30d");
		assertThat(SettingText.of(Duration.ofMillis(1_500))).isEqualTo("1500ms");
		assertThat(SettingText.of(Duration.ofNanos(7))).isEqualTo("7ns");
		// beyond the nanoseconds a long holds (292 years)
		assertThat(SettingText.of(Duration.ofDays(99_999_999_999_999L))).isEqualTo("99999999999999d");
		assertThat(SettingText.of(Duration.ofDays(40_000).plusSeconds(1))).isEqualTo("3456000001s");
	}

	@Test
	void ofWhenSizeThenItsLargestWholeUnitElseBytes() {
		assertThat(SettingText.of(DataSize.ofMegabytes(-1))).isEqualTo("-1MB");
		assertThat(SettingText.of(DataSize.ofKilobytes(64))).isEqualTo("64KB");
		assertThat(SettingText.of(DataSize.ofBytes(1_025))).isEqualTo("1025B");
		assertThat(SettingText.of(DataSize.ofBytes(0))).isEqualTo("0B");
	}

	@Test
	void ofWhenAnythingElseThenAsItPrints() {
		assertThat(SettingText.of("3sec")).isEqualTo("3sec");
		assertThat(SettingText.of(null)).isEqualTo("null");
	}

}
