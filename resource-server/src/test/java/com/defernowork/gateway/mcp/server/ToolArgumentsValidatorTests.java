package com.defernowork.gateway.mcp.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolCatalog;
import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.model.scope.Scopes;

import static org.assertj.core.api.Assertions.assertThat;

class ToolArgumentsValidatorTests {

	private static final Map<String, Object> SCHEMA = Map.of("type", "object", "properties",
			Map.of("weight", Map.of("type", "number")), "additionalProperties", false);

	/** Equal to SCHEMA, another instance: two tools may take the same arguments. */
	private static final Map<String, Object> TWIN = new HashMap<>(SCHEMA);

	private final List<String> calls = new ArrayList<>();

	private final ToolArgumentsValidator validator = new ToolArgumentsValidator(JsonMapper.builder().build(),
			new ToolCatalog(List.of(() -> List.of(tool("weigh", SCHEMA), tool("reweigh", TWIN)))),
			new ToolResults(JsonMapper.builder().build(), (tool, outcome, reason, answer, duration) -> this.calls
				.add(tool + " " + outcome.value() + " " + reason)));

	private static DefernoTool tool(String name, Map<String, Object> schema) {
		return new DefernoTool(Tool.builder().name(name).description("d").inputSchema(schema).build(),
				Scopes.TASKS_READ, (arguments) -> CallToolResult.builder().build());
	}

	@Test
	void validateWhenANumberWithoutBoundsIsBeyondSixtyFourBitsThenRefusedNotPassedOn() {
		ValidationResponse huge = this.validator.validate(SCHEMA, Map.of("weight", 1e300));
		ValidationResponse fine = this.validator.validate(SCHEMA, Map.of("weight", 0.5));

		assertThat(huge.valid()).isFalse();
		assertThat(huge.errorMessage())
			.isEqualTo("weight: 1.0E300 is out of range (numbers here fit in 64-bit integers)");
		assertThat(fine.valid()).isTrue();
	}

	@Test
	void validateWhenAStatusIsSpeltAsTheOtherVocabularyHasItThenTheErrorNamesThisOnesSpelling() {
		Map<String, Object> task = Map.of("type", "object", "properties",
				Map.of("status", Map.of("enum", List.of("open", "in-progress", "done"))));

		assertThat(this.validator.validate(task, Map.of("status", "in_progress")).errorMessage())
			.isEqualTo("status: must be one of \"open\", \"in-progress\", \"done\" (spelt \"in-progress\" here: task "
					+ "statuses take hyphens, occurrence statuses underscores)");
		assertThat(this.validator.validate(task, Map.of("status", "finished")).errorMessage())
			.isEqualTo("status: must be one of \"open\", \"in-progress\", \"done\"");
	}

	@Test
	void validateWhenRefusedThenTheToolCallIsCountedAsInvalidArgumentsOfItsTool() {
		this.validator.validate(SCHEMA, Map.of("weight", 1));
		this.validator.validate(SCHEMA, Map.of("height", 1));
		this.validator.validate(TWIN, Map.of("height", 1));
		// a copy a server holds, once it has said whose it is
		Map<String, Object> copy = new HashMap<>(SCHEMA);
		this.validator.validate(copy, Map.of("height", 1));
		Map<String, Object> named = new HashMap<>(SCHEMA);
		this.validator.schemaOf("reweigh", named);
		this.validator.validate(named, Map.of("height", 1));

		// the caller's to mend, not a failure of the gateway's
		assertThat(this.calls).containsExactly("weigh client_error invalid_arguments",
				"reweigh client_error invalid_arguments", "reweigh client_error invalid_arguments");
	}

}
