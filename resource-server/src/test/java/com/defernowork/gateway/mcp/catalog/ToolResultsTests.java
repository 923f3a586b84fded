package com.defernowork.gateway.mcp.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tool's value or failure becomes: a tool that fails unexpectedly names the trace
 * of its error line (the one error whose cause only the operator's log says); a result
 * holds at most 512 KB of JSON, a longer list its leading rows; the structured content is
 * the tree itself, written exactly as a copy of it into maps and lists was.
 */
@ExtendWith(OutputCaptureExtension.class)
class ToolResultsTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	/**
	 * What an answer of Deferno's may hold: every escape, characters beyond ASCII and the
	 * BMP, nulls, empty containers, and numbers of every kind.
	 */
	private static final String ROW = """
			{"s":"quote \\" backslash \\\\ tab \\t line \\n control \\u0001 é ✓ 😀 \\u2028 </script>",\
			"n":null,"i":7,"l":9007199254740993,"big":123456789012345678901234567890,"f":0.1,"one":1.0,"exp":1e3,\
			"neg":-0.0,"t":true,"o":{},"a":[],"nested":{"x":[1,{"y":null}]}}""";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ToolResults results = new ToolResults(this.jsonMapper);

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

	@Test
	void callWhenTheListFitsExactlyThenAllOfItAndWhenNotThenTheRowsThatFitWrittenAsAList() {
		List<Map<String, Integer>> rows = Collections.nCopies(3, Map.of("a", 1));
		// [{"a":1},{"a":1},{"a":1}]: 25 characters
		assertThat(capped(25).run("list_items", true, (arguments) -> rows, Map.of()).content()).singleElement()
			.isEqualTo(new TextContent("[{\"a\":1},{\"a\":1},{\"a\":1}]"));

		CallToolResult cut = capped(24).run("list_items", true, (arguments) -> rows, Map.of());
		assertThat(((TextContent) cut.content().get(0)).text()).isEqualTo("[{\"a\":1},{\"a\":1}]");
		assertThat(((TextContent) cut.content().get(1)).text()).startsWith("Only the first 2 of 3 rows are shown");
		assertThat(cut.structuredContent()).isInstanceOfSatisfying(Map.class,
				(structured) -> assertThat((List<?>) structured.get("result")).hasSize(2));

		// not even the first row: none of them, and the note
		CallToolResult none = capped(8).run("list_items", true, (arguments) -> rows, Map.of());
		assertThat(((TextContent) none.content().get(0)).text()).isEqualTo("[]");
		assertThat(((TextContent) none.content().get(1)).text()).startsWith("Only the first 0 of 3 rows are shown");
	}

	/**
	 * The structured content is the tree itself, not a copy into maps and lists: on the
	 * wire, as the MCP SDK's mapper writes the answer, it reads exactly as the copy did,
	 * and as the text.
	 */
	@Test
	void callWhenAnObjectOrAListThenTheStructuredContentOnTheWireIsWhatACopyWasAndTheText() {
		McpJsonMapper wire = new JacksonMcpJsonMapper(this.jsonMapper);
		JsonNode object = this.jsonMapper.readTree(ROW);
		CallToolResult result = this.results.run("get_item", true, (arguments) -> object, Map.of());
		assertThat(result.structuredContent()).isSameAs(object);
		assertThat(answer(wire, result)).isEqualTo(answer(wire,
				withStructuredContent(result, this.jsonMapper.convertValue(this.jsonMapper.readTree(ROW), Map.class))));
		assertThat(answer(wire, result))
			.contains("\"structuredContent\":" + ((TextContent) result.content().get(0)).text());

		JsonNode list = this.jsonMapper.readTree("[" + ROW + "," + ROW + "]");
		CallToolResult rows = this.results.run("list_items", true, (arguments) -> list, Map.of());
		assertThat(answer(wire, rows)).isEqualTo(answer(wire, withStructuredContent(rows, Map.of("result",
				this.jsonMapper.convertValue(this.jsonMapper.readTree("[" + ROW + "," + ROW + "]"), List.class)))));
		assertThat(answer(wire, rows))
			.contains("\"structuredContent\":{\"result\":" + ((TextContent) rows.content().get(0)).text() + "}");
	}

	@Test
	void callWhenAListIsCutThenItsStructuredContentOnTheWireIsWhatACopyOfTheKeptRowsWas() {
		JsonNode list = this.jsonMapper.readTree("[" + String.join(",", Collections.nCopies(10, ROW)) + "]");
		CallToolResult cut = capped(1_000).run("list_items", true, (arguments) -> list, Map.of());
		McpJsonMapper wire = new JacksonMcpJsonMapper(this.jsonMapper);
		String kept = ((TextContent) cut.content().get(0)).text();
		int shown = this.jsonMapper.readTree(kept).size();
		assertThat(shown).isBetween(1, 9);
		ArrayNode copied = this.jsonMapper.createArrayNode();
		list.values().stream().limit(shown).forEach(copied::add);
		assertThat(answer(wire, cut)).isEqualTo(answer(wire,
				withStructuredContent(cut, Map.of("result", this.jsonMapper.convertValue(copied, List.class)))));
		assertThat(answer(wire, cut)).contains("\"structuredContent\":{\"result\":" + kept + "}");
	}

	private ToolResults capped(int maxResultChars) {
		return new ToolResults(this.jsonMapper, (tool, outcome, reason, answer, duration) -> {
		}, null, null, null, maxResultChars);
	}

	private static CallToolResult withStructuredContent(CallToolResult result, Object structured) {
		return new CallToolResult(result.content(), result.isError(), structured, result.meta());
	}

	/** The JSON-RPC answer carrying the result, as the transport writes it. */
	private static String answer(McpJsonMapper wire, CallToolResult result) {
		try {
			return wire.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 1, result, null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
