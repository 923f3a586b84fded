package com.defernowork.gateway.auth.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MixedScriptNamesTests {

	@Test
	void mixesScriptsWhenAWordHasLettersOfScriptsNotWrittenTogetherThenTrue() {
		// Cyrillic С, а, е among Latin letters; a digit or hyphen does not end the word
		for (String lookalike : List.of("\u0421l\u0430ud\u0435", "My \u0421laude app", "Pay\u03c1al", "\u04211aude",
				"\u0421-laude", "Claude\u3000\u0421laude")) {
			assertThat(MixedScriptNames.mixesScripts(lookalike)).as(lookalike).isTrue();
		}
	}

	@Test
	void mixesScriptsWhenEachWordIsOfOneScriptOrOfScriptsWrittenTogetherThenFalse() {
		for (String name : List.of("Claude Code", "\u042f\u043d\u0434\u0435\u043a\u0441 GPT",
				"Claude \u0434\u043b\u044f Deferno", "Claude\u30c7\u30b9\u30af\u30c8\u30c3\u30d7", "\u6f22\u5b57abc",
				"\ud55c\uae00AI", "R2-D2 \u00fcber", "Caf\u00e9 app", "\u0915\u093f\u0924\u093e\u092c")) {
			assertThat(MixedScriptNames.mixesScripts(name)).as(name).isFalse();
		}
		assertThat(MixedScriptNames.mixesScripts(null)).isFalse();
	}

}
