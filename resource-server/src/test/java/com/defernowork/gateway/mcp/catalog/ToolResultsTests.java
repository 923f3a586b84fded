package com.defernowork.gateway.mcp.catalog;

import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool that fails unexpectedly: the error result names the trace of its error line, the
 * one error whose cause only the operator's log says.
 */
@ExtendWith(OutputCaptureExtension.class)
class ToolResultsTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final ToolResults results = new ToolResults(JsonMapper.builder().build());

	@Test
	void callWhenTheToolFailsUnexpectedlyThenTheErrorNamesTheTraceOfItsErrorLine(CapturedOutput output) {
		// as Micrometer's log correlation sets it for the request's span
		MDC.put("traceId", TRACE);
		CallToolResult result;
		try {
			result = this.results.run("get_item", true, (arguments) -> {
				throw new IllegalStateException("a bug");
			}, Map.of());
		}
		finally {
			MDC.remove("traceId");
		}

		assertThat(result.isError()).isTrue();
		assertThat(((TextContent) result.content().get(0)).text())
			.isEqualTo("get_item: unexpected server error; the request may not have been completed, check before "
					+ "retrying (reference " + TRACE + ")");
		assertThat(output.getAll()).contains("Tool get_item failed unexpectedly");
	}

	@Test
	void callWhenNoTraceIsKnownThenNoReference() {
		CallToolResult result = this.results.run("get_item", true, (arguments) -> {
			throw new IllegalStateException("a bug");
		}, Map.of());

		assertThat(((TextContent) result.content().get(0)).text()).endsWith("check before retrying");
	}

}
