package com.defernowork.gateway.mcp.server;

import java.util.ArrayList;
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

	private final List<String> calls = new ArrayList<>();

	private final ToolArgumentsValidator validator = new ToolArgumentsValidator(JsonMapper.builder().build(),
			new ToolCatalog(List.of(() -> List
				.of(new DefernoTool(Tool.builder().name("weigh").description("d").inputSchema(SCHEMA).build(),
						Scopes.TASKS_READ, (arguments) -> CallToolResult.builder().build())))),
			new ToolResults(JsonMapper.builder().build(),
					(tool, outcome, reason, duration) -> this.calls.add(tool + " " + outcome.value() + " " + reason)));

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
	void validateWhenRefusedThenTheToolCallIsCountedAsInvalidArgumentsOfItsTool() {
		// a copy, as the 2026-07-28 catalog holds: found by content
		Map<String, Object> copy = new java.util.HashMap<>(SCHEMA);

		this.validator.validate(copy, Map.of("weight", 1));
		this.validator.validate(copy, Map.of("height", 1));
		this.validator.validate(Map.of("type", "object", "required", List.of("x")), Map.of());

		assertThat(this.calls).containsExactly("weigh error invalid_arguments");
	}

}
