package com.defernowork.gateway.mcp.catalog;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the schema cannot say: the handler's own checks, for a caller that reached it past
 * the schema (a batch element, a nested object) or with text the schema takes.
 */
class ToolArgumentsTests {

	@Test
	void optionalDateTimeWhenTheInstantFallsOutsideYears0000To9999InUtcThenRefusedSayingWhy() {
		// Deferno would store +10000-01-01T04:59:59Z, which no tool takes back
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("complete_by", "9999-12-31T23:59:59-05:00"))
				.optionalDateTime("complete_by"))
			.withMessage("complete_by '9999-12-31T23:59:59-05:00' falls in year 10000 in UTC, and Deferno keeps "
					+ "years 0000 to 9999: pass a time within them");
		assertThatExceptionOfType(ToolArgumentException.class).isThrownBy(
				() -> new ToolArguments(Map.of("end_time", "0000-01-01T00:30:00+01:00")).optionalDateTime("end_time"))
			.withMessageContaining("falls in year -1 in UTC");
		assertThat(new ToolArguments(Map.of("complete_by", "9999-12-31T23:59:59Z")).optionalDateTime("complete_by"))
			.isEqualTo("9999-12-31T23:59:59Z");
		assertThat(
				new ToolArguments(Map.of("complete_by", "0000-01-01T00:30:00-01:00")).optionalDateTime("complete_by"))
			.isEqualTo("0000-01-01T00:30:00-01:00");
	}

	@Test
	void optionalDistinctLinesWhenALineRepeatsThenRefusedNamingItsPlace() {
		ToolArguments args = new ToolArguments(Map.of("labels", List.of("dup", "x", "dup")));
		assertThatExceptionOfType(ToolArgumentException.class).isThrownBy(() -> args.optionalDistinctLines("labels"))
			.withMessage("labels[2] repeats 'dup': give each once");
	}

	@Test
	void optionalDistinctLinesWhenTheSameButForSpacesOrUnicodeCompositionThenRefusedAsRepeats() {
		assertThat(new ToolArguments(Map.of("labels", List.of(" work ", "home\n"))).optionalDistinctLines("labels"))
			.containsExactly("work", "home");
		assertThatExceptionOfType(ToolArgumentException.class).isThrownBy(
				() -> new ToolArguments(Map.of("labels", List.of("work", " work "))).optionalDistinctLines("labels"))
			.withMessage("labels[1] repeats 'work': give each once");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("labels", List.of("caf\u00e9", "cafe\u0301")))
				.optionalDistinctLines("labels"))
			.withMessageStartingWith("labels[1] repeats 'cafe");
	}

	@Test
	void textWhenNotInUnicodesComposedFormThenSentAsWritten() {
		// composing would turn the compatibility ideograph and the Ohm sign into other
		// characters, and reorder the Hebrew points
		ToolArguments args = new ToolArguments(Map.of("title", "Re\u0301sume\u0301 \uF91D", "body",
				"cafe\u0301\n\u2126 \u05D1\u05BC\u05B8", "labels", List.of("cafe\u0301", "\uF91D")));
		assertThat(args.requiredLine("title")).isEqualTo("Re\u0301sume\u0301 \uF91D");
		assertThat(args.requiredText("body")).isEqualTo("cafe\u0301\n\u2126 \u05D1\u05BC\u05B8");
		assertThat(args.optionalDistinctLines("labels")).containsExactly("cafe\u0301", "\uF91D");
	}

	@Test
	void ifSentWhenAbsentOrNullThenNoneAndWhenBlankThenRefusedNamingItsPlace() {
		Map<String, Object> values = new java.util.HashMap<>();
		values.put("label", null);
		ToolArguments args = new ToolArguments(values);
		assertThat(args.lineIfSent("label")).isNull();
		assertThat(args.textIfSent("body")).isNull();
		assertThat(new ToolArguments(Map.of("label", " work ")).lineIfSent("label")).isEqualTo("work");
		assertThat(new ToolArguments(Map.of("body", "a\nb")).textIfSent("body")).isEqualTo("a\nb");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("label", " ")).lineIfSent("label"))
			.withMessageStartingWith("label must have at least one visible character");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(
					() -> new ToolArguments(Map.of("urls", List.of(Map.of("filename", "")))).optionalElements("urls")
						.get(0)
						.lineIfSent("filename"))
			.withMessageStartingWith("urls[0].filename must have at least one visible character");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("body", "\u200b")).textIfSent("body"))
			.withMessageStartingWith("body must have at least one visible character");
	}

	@Test
	void lineWhenItHoldsALineSeparatorOrADirectionOverrideThenRefusedNamingIt() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("title", "line\u2028sep")).requiredLine("title"))
			.withMessage("title is one line of text: no line or paragraph separator and no direction override "
					+ "(U+2028 at character 5)");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("filename", "invoice\u202etxt.exe")).requiredLine("filename"))
			.withMessageEndingWith("(U+202E at character 8)");
		// text that may span lines keeps them; marks a right-to-left title needs stay
		assertThat(new ToolArguments(Map.of("description", "one\u2029two")).requiredText("description"))
			.isEqualTo("one\u2029two");
		assertThat(new ToolArguments(Map.of("title", "\u200fשלום 2026")).requiredLine("title"))
			.isEqualTo("\u200fשלום 2026");
		// an isolate or embedding around right-to-left text, as apps copy it
		assertThat(new ToolArguments(Map.of("title", "Call \u2067שלום\u2069 at 9")).requiredLine("title"))
			.isEqualTo("Call \u2067שלום\u2069 at 9");
		assertThat(new ToolArguments(Map.of("title", "\u202bשלום\u202c")).requiredLine("title"))
			.isEqualTo("\u202bשלום\u202c");
	}

	@Test
	void optionalElementsWhenAMemberIsWrongThenNamedWithItsPlace() {
		ToolArguments args = new ToolArguments(
				Map.of("files", List.of(Map.of("filename", "ok"), Map.of("filename", " "))));
		List<ToolArguments> files = args.optionalElements("files");
		assertThat(files.get(0).optionalLine("filename")).isEqualTo("ok");
		assertThatExceptionOfType(ToolArgumentException.class).isThrownBy(() -> files.get(1).requiredLine("filename"))
			.withMessageStartingWith("files[1].filename must have at least one visible character");
	}

	@Test
	void textWhenVisibleInAnyScriptOrEmojiSequenceThenTaken() {
		for (String text : List.of("Réunion", "会議", "👨‍👩‍👧", "a\u200bb", "שלום")) {
			assertThat(new ToolArguments(Map.of("title", text)).requiredLine("title")).isEqualTo(text);
		}
	}

	@Test
	void optionalIntWhenOutOfRangeOrFractionalThenRefusedNamingTheRange() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("position", 3_000_000_000L)).optionalInt("position", 0,
					Integer.MAX_VALUE))
			.withMessage("position is out of range: it must be from 0 to 2147483647; got 3000000000");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("limit", 1.5)).optionalInt("limit", 1, 500))
			.withMessage("limit must be a whole number from 1 to 500; got 1.5");
		// a fraction no double holds, as the MCP mapper reads it
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("limit", new java.math.BigDecimal("10.0000000000000000000001")))
				.optionalInt("limit", 1, 500))
			.withMessage("limit must be a whole number from 1 to 500; got 10.0000000000000000000001");
		assertThat(new ToolArguments(Map.of("position", 1.0)).optionalInt("position", 0, 10)).isEqualTo(1);
		assertThat(
				new ToolArguments(Map.of("position", new java.math.BigDecimal("7.000"))).optionalInt("position", 0, 10))
			.isEqualTo(7);
	}

	@Test
	void optionalLongWhenBeyondAnIntThenReadAndItsRangeKept() {
		assertThat(new ToolArguments(Map.of("size", 3_000_000_000.0)).optionalLong("size", 1, 4_000_000_000L))
			.isEqualTo(3_000_000_000L);
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("size", 5_000_000_000L)).optionalLong("size", 1, 4_000_000_000L))
			.withMessage("size is out of range: it must be from 1 to 4000000000; got 5000000000");
		assertThat(new ToolArguments(Map.of()).optionalLong("size", 1, 2)).isNull();
	}

	@Test
	void listsWhenLongerThanTakenOrRepeatingThenRefusedBeforeAnyElementIsRead() {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("task_ids", java.util.Collections.nCopies(3000, "#1")))
				.optionalDistinctStrings("task_ids", 100))
			.withMessage("task_ids takes at most 100 entries; got 3000: split the call");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("task_ids", List.of("#1", "#2", "#1")))
				.optionalDistinctStrings("task_ids", 100))
			.withMessage("task_ids[2] repeats '#1': give each once");
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("operations", java.util.Collections.nCopies(101, Map.of())))
				.optionalElements("operations", 100))
			.withMessage("operations takes at most 100 entries; got 101: split the call");
		List<String> labels = java.util.stream.IntStream.range(0, 5000).mapToObj((i) -> "label " + i).toList();
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("labels", labels)).optionalDistinctLines("labels"))
			.withMessage("labels takes at most 100 entries; got 5000");
		assertThat(new ToolArguments(Map.of("labels", labels.subList(0, 100))).optionalDistinctLines("labels"))
			.hasSize(100);
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> new ToolArguments(Map.of("words", java.util.Collections.nCopies(101, "a")))
				.optionalStringList("words"))
			.withMessage("words takes at most 100 entries; got 101");
	}

}
