package com.defernowork.gateway.mcp.catalog;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A tool's schema is served whole: references to other files are inlined. */
class ToolSchemaSourceTests {

	private final ToolSchemaSource source = new ToolSchemaSource(
			new JacksonMcpJsonMapper(JsonMapper.builder().build()));

	@Test
	void readWhenAPropertyReferencesAnotherFileThenItIsInlinedWithItsOwnDescriptionAfterTheShared() {
		Map<String, Object> schema = this.source.read("schema-source/tools/uses_shared.json");

		Map<?, ?> properties = (Map<?, ?>) schema.get("properties");
		Map<String, Object> end = Map.of("type", "string", "format", "date");
		assertThat(properties.get("when")).isEqualTo(Map.of("type", "object", "description",
				"A cadence. Only for a chore.", "properties", Map.of("end", end), "additionalProperties", false));
		assertThat(properties.get("plain")).isEqualTo(Map.of("type", "object", "description", "A cadence.",
				"properties", Map.of("end", end), "additionalProperties", false));
		assertThat(schema).containsEntry("additionalProperties", false);
	}

	@Test
	void readWhenReferencesFormACycleThenSaysWhichFiles() {
		assertThatIllegalStateException().isThrownBy(() -> this.source.read("schema-source/tools/cycle.json"))
			.withMessage("schema reference cycle: schema-source/tools/cycle.json -> schema-source/shared/loop.json"
					+ " -> schema-source/shared/loop.json");
	}

	@ParameterizedTest
	@CsvSource({ "fragment, #/$defs/local", "url, https://example.com/recurrence.json",
			"shared_fragment, ../shared/when.json#/properties/end" })
	void readWhenAReferenceIsNotARelativePathToAFileThenRefusedNamingIt(String file, String ref) {
		assertThatIllegalStateException().isThrownBy(() -> this.source.read("schema-source/tools/" + file + ".json"))
			.withMessage("schema schema-source/tools/" + file + ".json: $ref " + ref
					+ " is not a relative path to another schema file, the only reference taken here");
	}

	@Test
	void readWhenAReferencedFileIsMissingThenNamesIt() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> this.source.read("schema-source/tools/dangling.json"))
			.withMessage("no schema at schema-source/shared/missing.json");
	}

	@Test
	void readWhenToolsTakeARecurrenceThenEachGetsTheSharedSchemaAndSaysWhenItApplies() {
		Map<String, Object> shared = this.source.read("tools/shared/recurrence.json");
		Map<String, String> own = Map.of("items/convert_item", "Required for chore and habit; not for task.",
				"items/update_item", "Chore, habit and event only; null clears it (events only).",
				"capture/capture_item", "Required with repeats=true; refused otherwise.");
		own.forEach((tool, description) -> {
			Map<?, ?> properties = (Map<?, ?>) this.source.read("tools/" + tool + ".json").get("properties");
			Map<String, Object> expected = new LinkedHashMap<>(shared);
			expected.put("description", shared.get("description") + " " + description);
			assertThat(properties.get("recurrence")).as(tool).isEqualTo(expected);
		});
		assertThat(List.copyOf(((Map<?, ?>) shared.get("properties")).keySet()))
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly("type", "interval", "n", "days", "on", "month", "day", "end");
		assertThat(shared.get("type")).isEqualTo(List.of("object", "null"));
	}

}
