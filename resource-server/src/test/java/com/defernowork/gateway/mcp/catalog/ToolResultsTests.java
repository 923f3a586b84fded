package com.defernowork.gateway.mcp.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

	@Test
	void callWhenAListIsLongerThanOneResultHoldsThenItsLeadingRowsAndSaysSo() {
		// each row 110 characters of JSON, 1,110,001 in all
		List<Map<String, String>> rows = Collections.nCopies(10_000, Map.of("title", "a".repeat(98)));
		List<String> reasons = new ArrayList<>();
		ToolResults results = new ToolResults(JsonMapper.builder().build(),
				(tool, outcome, reason, answer, duration) -> reasons.add(outcome + " " + reason));

		CallToolResult result = results.run("list_items", true, (arguments) -> rows, Map.of());

		assertThat(result.isError()).isFalse();
		assertThat(result.content()).hasSize(2);
		String text = ((TextContent) result.content().get(0)).text();
		// 2 + 4,723 × 110 + 4,722 commas: the most rows within 512 KB
		assertThat(text).hasSize(524_254).startsWith("[{\"title\":\"aaa").endsWith("\"}]");
		assertThat(((TextContent) result.content().get(1)).text()).isEqualTo("Only the first 4,723 of 10,000 rows are"
				+ " shown: the whole result is about 1.1 MB of JSON, more than the 512 KB one result holds here; ask for"
				+ " fewer (a lower limit and offset to page, a narrower query, fewer days) for the rest");
		assertThat(result.structuredContent()).isInstanceOfSatisfying(Map.class,
				(structured) -> assertThat((List<?>) structured.get("result")).hasSize(4_723));
		assertThat(reasons).containsExactly("OK null");
	}

	@Test
	void callWhenAnObjectIsLongerThanOneResultHoldsThenAnErrorSayingHowToAskForLess() {
		Map<String, Object> answer = Map.of("items", Collections.nCopies(10_000, Map.of("title", "a".repeat(98))),
				"total", 10_000);
		List<String> reasons = new ArrayList<>();
		ToolResults results = new ToolResults(JsonMapper.builder().build(),
				(tool, outcome, reason, deferno, duration) -> reasons.add(outcome + " " + reason));

		CallToolResult result = results.run("search_items", true, (arguments) -> answer, Map.of());

		assertThat(result.isError()).isTrue();
		assertThat(result.structuredContent()).isNull();
		assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("search_items: the result is about"
				+ " 1.1 MB of JSON, more than the 512 KB one result holds here; ask for less (without full, a narrower"
				+ " query, fewer days, a lower limit)");
		// the caller asks for less: its own to mend
		assertThat(reasons).containsExactly("CLIENT_ERROR result_too_large");
	}

	@Test
	void callWhenAListFitsThenAllOfIt() {
		List<Map<String, String>> rows = Collections.nCopies(4_723, Map.of("title", "a".repeat(98)));

		CallToolResult result = this.results.run("list_items", true, (arguments) -> rows, Map.of());

		assertThat(result.content()).hasSize(1);
		assertThat(((TextContent) result.content().get(0)).text()).hasSize(524_254);
	}

}
