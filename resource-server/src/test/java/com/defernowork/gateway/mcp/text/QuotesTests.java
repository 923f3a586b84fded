package com.defernowork.gateway.mcp.text;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotesTests {

	@Test
	void lineWhenControlCharactersOfEitherRangeThenEachIsAQuestionMark() {
		// an emoji's UTF-8 bytes read as ISO-8859-1: ð, then the C1 controls 0x9F, 0x98,
		// 0x80
		String raw = new String("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		assertThat(Quotes.line("http://a" + raw + "\n\u0007", Quotes.SHORT)).isEqualTo("http://a\u00f0?????");
		assertThat(Quotes.line("x".repeat(200), 10)).hasSize(10).endsWith("…");
	}

}
