package com.defernowork.gateway.mcp.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A prompt's arguments are checked against its definition before its text is written. */
class DefernoPromptTests {

	private final DefernoPrompt prompt = new DefernoPrompt(Prompt.builder("review")
		.description("d")
		.arguments(List.of(PromptArgument.builder("date").required(false).build(),
				PromptArgument.builder("notes").required(true).build()))
		.build(), (arguments) -> arguments.required("notes") + "|" + arguments.optionalDate("date"));

	@Test
	void renderWhenArgumentsFitThenTextFromThem() {
		assertThat(this.prompt.render(Map.of("notes", " buy milk ", "date", "2026-07-28")))
			.isEqualTo("buy milk|2026-07-28");
	}

	@Test
	void renderWhenOptionalArgumentIsEmptyOrNullThenItIsAbsent() {
		Map<String, String> arguments = new HashMap<>();
		arguments.put("notes", "x");
		arguments.put("date", null);
		assertThat(this.prompt.render(arguments)).isEqualTo("x|null");
		assertThat(this.prompt.render(Map.of("notes", "x", "date", ""))).isEqualTo("x|null");
	}

	@Test
	void renderWhenRequiredArgumentMissingOrBlankThenNamesIt() {
		assertThatExceptionOfType(PromptArgumentException.class).isThrownBy(() -> this.prompt.render(null))
			.withMessage("Missing required argument: notes");
		assertThatExceptionOfType(PromptArgumentException.class)
			.isThrownBy(() -> this.prompt.render(Map.of("notes", "  ")))
			.withMessage("Missing required argument: notes");
	}

	@Test
	void renderWhenArgumentUnknownThenNamesItAndTheDeclaredOnes() {
		assertThatExceptionOfType(PromptArgumentException.class)
			.isThrownBy(() -> this.prompt.render(Map.of("notes", "x", "dat", "2026-07-28")))
			.withMessage("Prompt review has no argument 'dat'; it takes date, notes");
	}

	@Test
	void renderWhenDateIsNotADayThenSaysTheFormatOrWhyNot() {
		assertThatExceptionOfType(PromptArgumentException.class)
			.isThrownBy(() -> this.prompt.render(Map.of("notes", "x", "date", "2026-02-30")))
			.withMessage("date '2026-02-30' is not on the calendar: February 2026 has 28 days");
		// days the tools refuse, which the prompt would send the agent on to
		for (String notADay : List.of("+12026-01-01", "-0001-01-01", "26-01-01")) {
			assertThatExceptionOfType(PromptArgumentException.class)
				.isThrownBy(() -> this.prompt.render(Map.of("notes", "x", "date", notADay)))
				.as(notADay)
				.withMessage("date must be a day as YYYY-MM-DD; got '" + notADay + "'");
		}
	}

	@Test
	void renderWhenTextHasALoneSurrogateOrControlCharacterThenRefusedNamingIt() {
		assertThatExceptionOfType(PromptArgumentException.class)
			.isThrownBy(() -> this.prompt.render(Map.of("notes", "a\ud800b")))
			.withMessageStartingWith("notes has a lone UTF-16 surrogate (U+D800 at character 2)");
		assertThatExceptionOfType(PromptArgumentException.class)
			.isThrownBy(() -> this.prompt.render(Map.of("notes", "clear\u001b[2J")))
			.withMessageStartingWith("notes must not contain control characters (U+001B at character 6)");
		assertThat(this.prompt.render(Map.of("notes", "one\n\ttwo"))).isEqualTo("one\n\ttwo|null");
	}

	@Test
	void renderWhenArgumentTooLongThenRefusedBeforeTheText() {
		String notes = "n".repeat(PromptArguments.MAX_LENGTH + 1);
		assertThatExceptionOfType(PromptArgumentException.class)
			.isThrownBy(() -> this.prompt.render(Map.of("notes", notes)))
			.withMessageStartingWith("notes is longer than 10000 characters");
	}

}
