package com.defernowork.gateway.mcp.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
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

	@Test
	void readWhenAnyToolThenEveryStringHasAMaxLengthAndEveryListAMaxItemsWithinTheHandlersBound() throws IOException {
		Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:tools/*/*.json");
		List<String> unbounded = new ArrayList<>();
		int tools = 0;
		for (Resource file : files) {
			String[] segments = file.getURL().getPath().split("/");
			String folder = segments[segments.length - 2];
			if (!folder.equals("shared")) {
				String path = "tools/" + folder + "/" + segments[segments.length - 1];
				unbounded(this.source.read(path), path, unbounded);
				tools++;
			}
		}
		assertThat(tools).isEqualTo(31);
		assertThat(unbounded).isEmpty();
	}

	private static void unbounded(Object node, String at, List<String> found) {
		if (node instanceof Map<?, ?> schema) {
			Object type = schema.get("type");
			Collection<?> types = (type instanceof Collection<?> several) ? several : List.of(String.valueOf(type));
			if (types.contains("string") && !schema.containsKey("enum") && !schema.containsKey("maxLength")) {
				found.add(at + ": a string without maxLength");
			}
			if (types.contains("array")
					&& !(schema.get("maxItems") instanceof Integer max && max <= ToolArguments.MAX_ENTRIES)) {
				found.add(at + ": a list without maxItems of at most " + ToolArguments.MAX_ENTRIES);
			}
			schema.forEach((name, value) -> unbounded(value, at + "/" + name, found));
		}
		else if (node instanceof List<?> list) {
			list.forEach((value) -> unbounded(value, at + "[]", found));
		}
	}

}
