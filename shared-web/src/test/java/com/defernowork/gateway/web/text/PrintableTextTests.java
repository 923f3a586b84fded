package com.defernowork.gateway.web.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTextTests {

	@Test
	void ofWhenPrintableAndShortThenUnchanged() {
		assertThat(PrintableText.of("no such route (404)", 200)).isEqualTo("no such route (404)");
		assertThat(PrintableText.of(null, 200)).isEqualTo("null");
	}

	@Test
	void ofWhenLineBreaksReorderingOrNonAsciiCharactersThenEachAQuestionMark() {
		assertThat(PrintableText.of("a\r\nWARN forged\u202Eb\u00e9\uD83D\uDE00", 200)).isEqualTo("a??WARN forged?b??");
	}

	@Test
	void ofWhenLongerThanMaxThenCutAndMarked() {
		assertThat(PrintableText.of("x".repeat(201), 200)).isEqualTo("x".repeat(200) + "...");
		assertThat(PrintableText.of("x".repeat(200), 200)).isEqualTo("x".repeat(200));
	}

}
