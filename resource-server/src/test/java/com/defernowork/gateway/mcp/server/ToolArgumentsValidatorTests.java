package com.defernowork.gateway.mcp.server;

import java.util.Map;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ToolArgumentsValidatorTests {

	private final ToolArgumentsValidator validator = new ToolArgumentsValidator(JsonMapper.builder().build());

	@Test
	void validateWhenANumberWithoutBoundsIsBeyondSixtyFourBitsThenRefusedNotPassedOn() {
		Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("weight", Map.of("type", "number")));

		ValidationResponse huge = this.validator.validate(schema, Map.of("weight", 1e300));
		ValidationResponse fine = this.validator.validate(schema, Map.of("weight", 0.5));

		assertThat(huge.valid()).isFalse();
		assertThat(huge.errorMessage())
			.isEqualTo("weight: 1.0E300 is out of range (numbers here fit in 64-bit integers)");
		assertThat(fine.valid()).isTrue();
	}

}
