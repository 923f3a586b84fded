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

	@Test
	void atMostWhenTheCutFallsInsideASurrogatePairThenCutBeforeItCountingCodePoints() {
		String name = "a".repeat(98) + "\uD83D\uDE00\uD83D\uDE00";
		assertThat(Quotes.atMost(name, 100)).as("100 characters: quoted whole").isEqualTo(name);
		String longer = name + "\uD83D\uDE00";
		assertThat(Quotes.atMost(longer, 100)).isEqualTo("a".repeat(98) + "\uD83D\uDE00…");
		assertThat(Quotes.atMost("\uD83D\uDE00".repeat(200), 3)).isEqualTo("\uD83D\uDE00\uD83D\uDE00…");
	}

	@Test
	void atMostAndLineWhenLoneSurrogatesThenEachIsAQuestionMarkAndPairsStay() {
		assertThat(Quotes.atMost("x\uD800", Quotes.SHORT)).isEqualTo("x?");
		assertThat(Quotes.line("\uDFFFa\uD83D\uDE00b\uD83D", Quotes.SHORT)).isEqualTo("?a\uD83D\uDE00b?");
		assertThat(Quotes.atMost("\uDE00\uD83D", Quotes.SHORT)).as("a pair the wrong way round").isEqualTo("??");
		String plain = "no surrogate here";
		assertThat(Quotes.wellFormed(plain)).isSameAs(plain);
	}

}
