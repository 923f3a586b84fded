package com.defernowork.gateway.mcp.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import com.defernowork.gateway.mcp.support.DefernoRecords;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;
import com.defernowork.gateway.testsupport.McpAnswer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /mcp} over raw HTTP in both protocol eras: routing, the 2026-07-28 rules, and
 * errors that stay small.
 */
@ExtendWith(OutputCaptureExtension.class)
class McpDualEraTests extends McpToolTestSupport {

	static final String MODERN = "2026-07-28";

	static final String META = """
			"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",\
			"io.modelcontextprotocol/clientCapabilities":{},\
			"io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"}%s}""";

	static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	/**
	 * The same trace and sampling decision; the parent id is the caller's or, with spans
	 * recorded, the gateway's.
	 */
	static final String SAME_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void discoverWhenModernThenBothErasPublicCacheAndServerInfo() throws Exception {
		HttpResponse<String> response = modern("server/discover", null, "{" + META.formatted("") + "}");
		JsonNode result = ok(response);
		assertThat(result.path("resultType").stringValue()).isEqualTo("complete");
		assertThat(result.path("supportedVersions").toString()).contains(MODERN, "2025-11-25", "2025-06-18",
				"2025-03-26");
		assertThat(result.path("cacheScope").stringValue()).isEqualTo("public");
		assertThat(result.path("ttlMs").asLong()).isPositive();
		assertThat(result.path("instructions").stringValue()).contains("whoami");
		assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").stringValue())
			.isEqualTo("deferno-mcp-gateway");
	}

	@Test
	void toolsListWhenModernThenSameThirtyOneToolsPublic() throws Exception {
		JsonNode result = ok(modern("tools/list", null, "{" + META.formatted("") + "}"));
		assertThat(result.path("tools").size()).isEqualTo(31);
		assertThat(result.path("cacheScope").stringValue()).isEqualTo("public");
		assertThat(result.path("resultType").stringValue()).isEqualTo("complete");
	}

	@Test
	void toolsCallWhenModernThenResultAndTraceContextReachesDeferno() throws Exception {
		stub(get(urlEqualTo("/api/auth/me")).willReturn(data("{\"id\":\"u-1\",\"username\":\"alice\"}")));
		String meta = META.formatted(",\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"k=v\"");
		JsonNode result = ok(modern("tools/call", "whoami", "{\"name\":\"whoami\",\"arguments\":{}," + meta + "}"));
		assertThat(result.path("resultType").stringValue()).isEqualTo("complete");
		assertThat(result.path("isError").asBoolean()).isFalse();
		assertThat(result.path("content").get(0).path("text").stringValue()).contains("alice");
		deferno.verify(getRequestedFor(urlEqualTo("/api/auth/me")).withHeader("traceparent", matching(SAME_TRACE))
			.withHeader("tracestate", equalTo("k=v")));
	}

	@Test
	void toolsCallWhenTheAnswerIsAListThenModernStructuredContentIsTheListAndLegacyWrapsIt() throws Exception {
		stub(get(urlPathEqualTo("/api/items")).willReturn(data("[" + DefernoRecords.LIST_ROW + "]")));
		JsonNode modern = ok(modern("tools/call", "list_items",
				"{\"name\":\"list_items\",\"arguments\":{\"limit\":1}," + META.formatted("") + "}"));
		// the text serializes the structured content exactly, as MCP asks
		assertThat(modern.path("structuredContent").isArray()).as(modern.toString()).isTrue();
		assertThat(parse(modern.at("/content/0/text").stringValue())).isEqualTo(modern.path("structuredContent"));

		JsonNode legacy = parse(
				legacy("""
						{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"list_items","arguments":{"limit":1}}}""")
					.body())
			.path("result");
		// before 2026-07-28 structured content is an object
		assertThat(legacy.at("/structuredContent/result")).isEqualTo(modern.path("structuredContent"));
	}

	/**
	 * The structured content is the answer's tree as it is, written by each era's
	 * transport: byte for byte the text, escapes, nulls and numbers alike.
	 */
	@Test
	void toolsCallWhenStructuredContentThenOnTheWireItIsTheTextExactlyInBothEras() throws Exception {
		String row = """
				{"title":"quote \\" backslash \\\\ line \\n control \\u0001 é 😀 \\u2028","n":null,\
				"l":9007199254740993,"big":123456789012345678901234567890,"f":0.1,"one":1.0,"exp":1e3,"o":{},"a":[]}""";
		stub(get(urlPathEqualTo("/api/items/" + DefernoRecords.ID)).willReturn(data(row)));
		stub(get(urlPathEqualTo("/api/items")).willReturn(data("[" + row + "," + row + "]")));
		String item = "{\"name\":\"get_item\",\"arguments\":{\"item\":\"" + DefernoRecords.ID + "\",\"full\":true}";
		String list = "{\"name\":\"list_items\",\"arguments\":{\"full\":true}";

		String modernItem = McpAnswer.json(modern("tools/call", "get_item", item + "," + META.formatted("") + "}"));
		String legacyItem = McpAnswer
			.json(legacy("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":" + item + "}}"));
		String itemText = parse(modernItem).at("/result/content/0/text").stringValue();
		assertThat(itemText).isEqualTo(parse(legacyItem).at("/result/content/0/text").stringValue());
		assertThat(modernItem).contains("\"structuredContent\":" + itemText);
		assertThat(legacyItem).contains("\"structuredContent\":" + itemText);

		String modernList = McpAnswer.json(modern("tools/call", "list_items", list + "," + META.formatted("") + "}"));
		String legacyList = McpAnswer
			.json(legacy("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":" + list + "}}"));
		String listText = parse(modernList).at("/result/content/0/text").stringValue();
		assertThat(parse(listText).size()).isEqualTo(2);
		assertThat(modernList).contains("\"structuredContent\":" + listText);
		assertThat(legacyList).contains("\"structuredContent\":{\"result\":" + listText + "}");
	}

	@Test
	void toolsCallWhenLegacyCarriesTraceparentThenItReachesDeferno() throws Exception {
		stub(get(urlEqualTo("/api/auth/me")).willReturn(data("{\"id\":\"u-1\"}")));
		HttpResponse<String> response = legacy("""
				{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"whoami","arguments":{},\
				"_meta":{"traceparent":"%s"}}}""".formatted(TRACEPARENT));
		assertThat(response.statusCode()).isEqualTo(200);
		deferno.verify(getRequestedFor(urlEqualTo("/api/auth/me")).withHeader("traceparent", matching(SAME_TRACE)));
		// the trace the tool's log lines and audit line carry, not the request's own
		assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(TRACEPARENT.substring(3, 35));
	}

	@Test
	void toolsCallWhenTraceHeadersCarryBaggageThenTraceReachesDefernoButNotTheBaggage() throws Exception {
		stub(get(urlEqualTo("/api/auth/me")).willReturn(data("{\"id\":\"u-1\"}")));
		HttpResponse<String> response = send(
				Map.of("MCP-Protocol-Version", "2025-11-25", "traceparent", TRACEPARENT, "baggage", "tenant=acme"),
				"POST", """
						{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""");
		assertThat(response.statusCode()).isEqualTo(200);
		deferno.verify(getRequestedFor(urlEqualTo("/api/auth/me")).withHeader("traceparent", matching(SAME_TRACE))
			.withoutHeader("baggage"));
	}

	/**
	 * Every 2026-07-28 server takes subscriptions/listen; this one advertises no list
	 * changes and no resource subscriptions, so it acknowledges none of what was asked
	 * and ends the stream cleanly at once (a client reconnects only after an abrupt end).
	 */
	@Test
	void subscriptionsListenWhenModernThenNothingAcknowledgedAndTheStreamCompletes() throws Exception {
		JsonNode capabilities = ok(modern("server/discover", null, "{" + META.formatted("") + "}"))
			.path("capabilities");
		assertThat(capabilities.path("tools").path("listChanged").asBoolean(false)).isFalse();
		assertThat(capabilities.path("prompts").path("listChanged").asBoolean(false)).isFalse();
		assertThat(capabilities.path("resources").path("listChanged").asBoolean(false)).isFalse();
		assertThat(capabilities.path("resources").path("subscribe").asBoolean(false)).isFalse();
		// every time, whole: a stream that ends before its messages reads as a dropped
		// subscription
		for (int i = 0; i < 50; i++) {
			String id = (i % 2 == 0) ? String.valueOf(i) : "\"listen-" + i + "\"";
			HttpResponse<String> response = send(
					Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "subscriptions/listen"), "POST",
					"{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\",\"params\":"
							+ "{\"notifications\":{\"toolsListChanged\":true,\"resourceSubscriptions\":"
							+ "[\"deferno://items/x\"]}," + META.formatted("") + "}}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			List<JsonNode> messages = McpAnswer.messages(response.body()).stream().map(McpDualEraTests::parse).toList();
			assertThat(messages).as("%d: %s", i, response.body()).hasSize(2);
			JsonNode acknowledged = messages.get(0);
			assertThat(acknowledged.path("method").stringValue()).isEqualTo("notifications/subscriptions/acknowledged");
			assertThat(acknowledged.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").toString())
				.isEqualTo(id);
			assertThat(acknowledged.at("/params/notifications").toString()).isEqualTo("{}");
			JsonNode completed = messages.get(1);
			assertThat(completed.path("id").toString()).isEqualTo(id);
			assertThat(completed.at("/result/resultType").stringValue()).isEqualTo("complete");
			assertThat(completed.at("/result/_meta/io.modelcontextprotocol~1subscriptionId").toString()).isEqualTo(id);
			assertThat(completed.at("/result/_meta/io.modelcontextprotocol~1serverInfo/name").stringValue())
				.isEqualTo("deferno-mcp-gateway");
		}
	}

	@Test
	void subscriptionsListenWhenNoFilterThenInvalidParamsSayingSo() throws Exception {
		for (String params : List.of("", "\"notifications\":true,")) {
			JsonNode error = assertError(modern("subscriptions/listen", null, "{" + params + META.formatted("") + "}"),
					400, -32602);
			assertThat(error.path("message").stringValue()).as(params).contains("params.notifications");
		}
	}

	@Test
	void subscriptionsListenWhenLegacyThenMethodNotFound() throws Exception {
		HttpResponse<String> response = legacy("""
				{"jsonrpc":"2.0","id":3,"method":"subscriptions/listen","params":{"notifications":{}}}""");
		assertThat(parse(response.body()).at("/error/code").asInt()).as(response.body()).isEqualTo(-32601);
	}

	@Test
	void requestWhenModernMetaIsNotAnObjectThenInvalidParamsSayingSo() throws Exception {
		for (String meta : new String[] { "[]", "\"x\"", "null", "1" }) {
			JsonNode error = assertError(modern("tools/list", null, "{\"_meta\":" + meta + "}"), 400, -32602);
			assertThat(error.path("message").stringValue()).as(meta).contains("params._meta must be an object");
		}
	}

	@Test
	void toolsCallWhenMcpNameDiffersFromBodyThenHeaderMismatch() throws Exception {
		HttpResponse<String> response = modern("tools/call", "delete_item",
				"{\"name\":\"whoami\",\"arguments\":{}," + META.formatted("") + "}");
		assertError(response, 400, -32020);
	}

	@Test
	void requestWhenRoutingHeadersDisagreeWithBodyThenHeaderMismatchWhateverElseIsWrong() throws Exception {
		// each body is wrong otherwise too (an unknown tool or prompt, arguments of
		// another type, a removed method): the headers are told first
		String unknownTool = "{\"name\":\"nope\",\"arguments\":{}," + META.formatted("") + "}";
		List<Map.Entry<String, HttpResponse<String>>> answers = new ArrayList<>();
		answers.add(Map.entry("Mcp-Name header does not match request name/uri",
				modern("tools/call", "other", unknownTool)));
		answers.add(Map.entry("Missing required header: Mcp-Name", modern("tools/call", null, unknownTool)));
		answers.add(Map.entry("Mcp-Name header does not match request name/uri",
				modern("prompts/get", "other", "{\"name\":\"nope\"," + META.formatted("") + "}")));
		answers.add(Map.entry("Mcp-Method header does not match request method",
				send(Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "prompts/get", "Mcp-Name", "whoami"), "POST",
						"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
								+ "\"arguments\":5," + META.formatted("") + "}}")));
		String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{" + META.formatted("")
				+ "}}";
		answers.add(Map.entry("Missing required header: Mcp-Method",
				send(Map.of("MCP-Protocol-Version", MODERN), "POST", initialize)));
		answers.add(Map.entry("Mcp-Method header does not match request method",
				send(Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list"), "POST", initialize)));
		for (Map.Entry<String, HttpResponse<String>> answer : answers) {
			JsonNode error = assertError(answer.getValue(), 400, -32020);
			assertThat(error.path("message").stringValue()).isEqualTo(answer.getKey());
			assertThat(parse(answer.getValue().body()).path("id").asInt()).isEqualTo(1);
		}
	}

	@Test
	void requestWhenVersionHeaderAndMetaVersionDisagreeThenHeaderMismatch() throws Exception {
		HttpResponse<String> response = send(Map.of("MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/list"),
				"POST",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META.formatted("") + "}}");
		assertThat(assertError(response, 400, -32020).path("message").stringValue())
			.isEqualTo("MCP-Protocol-Version header does not match _meta protocol version");
	}

	@Test
	void requestWhenModernMcpMethodMissingOrDifferentThenHeaderMismatch() throws Exception {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META.formatted("")
				+ "}}";
		assertError(send(Map.of("MCP-Protocol-Version", MODERN), "POST", body), 400, -32020);
		assertError(send(Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "prompts/list"), "POST", body), 400,
				-32020);
	}

	@Test
	void initializeWhenModernWithOrWithoutMetaThenMethodNotFoundNeverUnsupportedVersion() throws Exception {
		// the SDK, modern only, answered one without _meta with -32022 for a version this
		// server speaks
		for (String version : List.of(MODERN, "2025-11-25")) {
			for (String meta : List.of("," + META.formatted(""), "")) {
				HttpResponse<String> response = send(Map
					.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "initialize"), "POST", """
							{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",\
							"capabilities":{},"clientInfo":{"name":"t","version":"1"}%s}}""".formatted(version, meta));
				assertThat(assertError(response, 404, -32601).path("message").stringValue()).as(version + meta)
					.isEqualTo("Method not found: initialize");
				assertThat(parse(response.body()).path("id").asInt()).isEqualTo(1);
			}
		}
	}

	@Test
	void requestWhenVersionHeaderHasMoreThanOneValueThenHeaderMismatchWhateverTheOrderOrJoin() throws Exception {
		String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}";
		List<List<String>> sent = List.of(List.of("2025-11-25", MODERN), List.of(MODERN, "2025-11-25"),
				List.of("2025-11-25, " + MODERN), List.of("2025-11-25", "2025-11-25, " + MODERN));
		for (List<String> lines : sent) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofString(list))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.header("Mcp-Method", "tools/list");
			lines.forEach((line) -> request.header("MCP-Protocol-Version", line));
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(assertError(response, 400, -32020).path("message").stringValue()).as(lines.toString())
				.isEqualTo("MCP-Protocol-Version header has more than one value");
			HttpRequest.Builder batch = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofString("[" + list + "]"))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream");
			lines.forEach((line) -> batch.header("MCP-Protocol-Version", line));
			assertError(this.http.send(batch.build(), HttpResponse.BodyHandlers.ofString()), 400, -32020);
		}
	}

	@Test
	void requestWhenARoutingHeaderRepeatsTheSameValueThenServedAndTwoValuesRefused() throws Exception {
		String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
				+ "\"arguments\":{}," + META.formatted("") + "}}";
		for (String header : List.of("Mcp-Method", "Mcp-Name")) {
			for (String second : List.of("same", "other")) {
				HttpRequest.Builder request = HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
					.POST(HttpRequest.BodyPublishers.ofString(call))
					.header("Content-Type", "application/json")
					.header("Accept", "application/json, text/event-stream")
					.header("MCP-Protocol-Version", MODERN)
					.header("Mcp-Method", "tools/call")
					.header("Mcp-Name", "whoami");
				String value = header.equals("Mcp-Method") ? "tools/call" : "whoami";
				request.header(header, second.equals("same") ? value : "tools/list");
				HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (second.equals("same")) {
					// a client that sets the header as well as its SDK
					assertThat(response.statusCode()).as(header + ": " + response.body()).isEqualTo(200);
				}
				else {
					assertThat(assertError(response, 400, -32020).path("message").stringValue()).as(header)
						.isEqualTo(header + " header has more than one value");
				}
			}
		}
	}

	@Test
	void requestWhenVersionHeaderRepeatsTheSameValueThenServedAsThatVersionInEitherEra() throws Exception {
		// a client that sets the header as well as its SDK
		for (List<String> lines : List.of(List.of("2025-11-25", "2025-11-25"), List.of("2025-11-25, 2025-11-25"))) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream");
			lines.forEach((line) -> request.header("MCP-Protocol-Version", line));
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(lines + ": " + response.body()).isEqualTo(200);
			assertThat(parse(response.body()).path("result").isObject()).as(lines.toString()).isTrue();
		}
		// in either era: the 2026-07-28 SDK, which reads the raw header, sees it once
		for (List<String> lines : List.of(List.of(MODERN, MODERN), List.of(MODERN + ", " + MODERN))) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{%s}}""".formatted(META.formatted(""))))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.header("Mcp-Method", "tools/list");
			lines.forEach((line) -> request.header("MCP-Protocol-Version", line));
			JsonNode result = ok(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
			assertThat(result.path("tools").size()).as(lines.toString()).isEqualTo(31);
		}
	}

	@Test
	void requestWhenStringIdHasALoneSurrogateThenInvalidRequestNotEchoedInBothEras() throws Exception {
		// the 2026-07-28 SDK echoed it as "a?b", an id the client never sent
		String id = "\"a\\ud800b\"";
		HttpResponse<String> modern = send(Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list"), "POST",
				"{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\",\"params\":{" + META.formatted("")
						+ "}}");
		HttpResponse<String> legacy = legacy("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
		for (HttpResponse<String> response : List.of(modern, legacy)) {
			assertThat(assertError(response, 400, -32600).path("message").stringValue())
				.contains("lone UTF-16 surrogate");
			assertThat(parse(response.body()).has("id")).as(response.body()).isFalse();
		}
		assertThat(ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":\"a\\ud83d\\ude00b\",\"method\":\"ping\"}")))
			.as("a surrogate pair is one character")
			.isNotNull();
	}

	@Test
	void requestWhenBodyIsAResponseThenInvalidRequestWithoutAnIdInBothEras() throws Exception {
		// the transport: the error answering a client's response "has no id"
		for (String version : List.of(MODERN, "2025-11-25")) {
			for (String body : List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
					"{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":1,\"message\":\"x\"}}")) {
				HttpResponse<String> response = send(Map.of("MCP-Protocol-Version", version, "Mcp-Method", "ping"),
						"POST", body);
				assertThat(assertError(response, 400, -32600).path("message").stringValue())
					.isEqualTo("This server sends no requests, so it takes no responses");
				assertThat(parse(response.body()).has("id")).as(version + " " + body).isFalse();
			}
		}
	}

	@Test
	void requestWhenItCarriesAResultOrParamsThatAreNotStructuredThenInvalidRequestInBothEras() throws Exception {
		// JSON-RPC 2.0 §4 and §4.2: a request has no result, and params, if present, are
		// structured
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("\"result\":{},\"params\":{}", "A request or notification has no result or error");
		refused.put("\"error\":{\"code\":1,\"message\":\"x\"},\"params\":{}",
				"A request or notification has no result or error");
		refused.put("\"params\":null", "params must be an object or an array when present");
		refused.put("\"params\":5", "params must be an object or an array when present");
		refused.put("\"params\":\"x\"", "params must be an object or an array when present");
		for (String version : List.of(MODERN, "2025-11-25")) {
			for (Map.Entry<String, String> each : refused.entrySet()) {
				HttpResponse<String> response = send(
						Map.of("MCP-Protocol-Version", version, "Mcp-Method", "tools/list"), "POST",
						"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"," + each.getKey() + "}");
				assertThat(assertError(response, 400, -32600).path("message").stringValue())
					.as(version + " " + each.getKey())
					.isEqualTo(each.getValue());
				assertThat(parse(response.body()).path("id").asInt()).isEqualTo(3);
			}
		}
		assertThat(
				legacy("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":null}").statusCode())
			.as("a notification too")
			.isEqualTo(400);
	}

	@Test
	void requestWhenNestedBeyondTheParserLimitThenParseErrorNamingItInBothEras() throws Exception {
		String deep = "[".repeat(600) + "]".repeat(600);
		for (String version : List.of(MODERN, "2025-11-25")) {
			HttpResponse<String> response = send(Map.of("MCP-Protocol-Version", version, "Mcp-Method", "ping"), "POST",
					"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":" + deep + "}}");
			assertThat(assertError(response, 400, -32700).path("message").stringValue()).as(version)
				.contains("nesting at most 500 levels");
		}
		assertThat(assertError(legacy("{\"jsonrpc\":"), 400, -32700).path("message").stringValue())
			.isEqualTo("Parse error: the body is not one JSON value in UTF-8");
	}

	@Test
	void requestWhenAnObjectHasAMemberTwiceThenParseErrorNamingItInBothEras() throws Exception {
		// the later null would otherwise clear what the earlier value says
		String arguments = "{\"ref\":\"1\",\"description\":\"notes\",\"description\":null}";
		for (String version : List.of(MODERN, "2025-11-25")) {
			HttpResponse<String> response = send(
					Map.of("MCP-Protocol-Version", version, "Mcp-Method", "tools/call", "Mcp-Name", "update_item"),
					"POST",
					"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"update_item\","
							+ "\"arguments\":" + arguments + "," + META.formatted("") + "}}");
			assertThat(assertError(response, 400, -32700).path("message").stringValue()).as(version)
				.isEqualTo("Parse error: an object has the member \"description\" twice; send each member once");
		}
		assertThat(assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}"), 400, -32700)
			.path("message")
			.stringValue()).contains("\"id\" twice");
	}

	@Test
	void postWhenBodyHasAContentCodingThen415SayingNoneIsAccepted() throws Exception {
		byte[] ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
			out.write(ping);
		}
		for (String coding : List.of("gzip", "br", "deflate, gzip")) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.header("MCP-Protocol-Version", "2025-11-25")
				.header("Content-Encoding", coding)
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(assertError(response, 415, -32600).path("message").stringValue()).as(coding)
				.contains("Content-Encoding");
			// RFC 7694: no coding is accepted in a request
			assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("identity");
		}
	}

	@Test
	void notificationWhenModernThenAcceptedWithoutABody() throws Exception {
		HttpResponse<String> response = send(
				Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "notifications/cancelled"), "POST",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,"
						+ META.formatted("") + "}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(response.body()).isEmpty();
		// the schema asks _meta of requests only, and params of neither these nor others
		for (String notification : List.of(
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,"
						+ "\"progress\":1}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/foo\"}")) {
			HttpResponse<String> withoutMeta = send(Map.of("MCP-Protocol-Version", MODERN), "POST", notification);
			assertThat(withoutMeta.statusCode()).as(notification + " " + withoutMeta.body()).isEqualTo(202);
		}
	}

	@Test
	void notificationWhenModernMcpMethodNamesAnotherMethodThenHeaderMismatch() throws Exception {
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,"
				+ META.formatted("") + "}}";
		JsonNode error = assertError(
				send(Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call"), "POST", body), 400, -32020);
		assertThat(error.path("message").stringValue()).isEqualTo("Mcp-Method header does not match request method");
		String wrapped = "=?base64?"
				+ Base64.getEncoder().encodeToString("notifications/cancelled".getBytes(StandardCharsets.UTF_8)) + "?=";
		assertThat(send(Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", wrapped), "POST", body).statusCode())
			.isEqualTo(202);
		// 2026-07-28 asks no header of a notification
		assertThat(send(Map.of("MCP-Protocol-Version", MODERN), "POST", body).statusCode()).isEqualTo(202);
	}

	@Test
	void toolsCallWhenMcpNameIsBase64WrappedThenDecodedAndMatched() throws Exception {
		stub(get(urlEqualTo("/api/auth/me")).willReturn(data("{\"id\":\"u-1\"}")));
		String wrapped = "=?base64?" + Base64.getEncoder().encodeToString("whoami".getBytes(StandardCharsets.UTF_8))
				+ "?=";
		ok(modern("tools/call", wrapped, "{\"name\":\"whoami\",\"arguments\":{}," + META.formatted("") + "}"));
	}

	@Test
	void requestWhenProtocolVersionUnsupportedThen400WithSupportedVersions() throws Exception {
		for (String version : new String[] { "2099-01-01", "v999", "garbage" }) {
			HttpResponse<String> response = send(Map.of("MCP-Protocol-Version", version), "POST",
					"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");
			JsonNode error = assertError(response, 400, -32022);
			assertThat(error.path("data").path("supported").toString()).contains(MODERN, "2025-11-25");
			assertThat(error.path("data").path("requested").stringValue()).isEqualTo(version);
		}
	}

	@Test
	void requestWhenNoVersionHeaderAndMetaVersionUnsupportedThen400NamingItNotTheMissingHeaders() throws Exception {
		HttpResponse<String> response = send(Map.of(), "POST",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{"
						+ META.replace(MODERN, "2099-01-01").formatted("") + "}}");
		JsonNode error = assertError(response, 400, -32022);
		assertThat(error.path("data").path("requested").stringValue()).isEqualTo("2099-01-01");
		assertThat(parse(response.body()).path("id").asInt()).isEqualTo(1);
		// an initialize selects the legacy era, which negotiates the version in its
		// params
		HttpResponse<String> initialize = send(Map.of(), "POST",
				"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
						+ "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"},"
						+ META.replace(MODERN, "2099-01-01").formatted("") + "}}");
		assertThat(ok(initialize).path("protocolVersion").stringValue()).isEqualTo("2025-11-25");
	}

	@Test
	void requestWhenModernWithoutRequiredMetaThenInvalidParams() throws Exception {
		HttpResponse<String> response = modern("tools/list", null,
				"{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}");
		assertError(response, 400, -32602);
	}

	@Test
	void requestWhenModernUnknownMethodThen404NamingIt() throws Exception {
		HttpResponse<String> response = modern("no/such", null, "{" + META.formatted("") + "}");
		assertThat(assertError(response, 404, -32601).path("message").stringValue()).contains("no/such");
	}

	@Test
	void readWhenModernThenPrivateAndUnknownResourceIsInvalidParams() throws Exception {
		stub(get(urlEqualTo("/api/items/plan")).willReturn(data("[]")));
		JsonNode result = ok(modern("resources/read", "defernowork://tasks/plan",
				"{\"uri\":\"defernowork://tasks/plan\"," + META.formatted("") + "}"));
		assertThat(result.path("cacheScope").stringValue()).isEqualTo("private");
		assertThat(result.path("ttlMs").asLong()).isZero();
		assertError(modern("resources/read", "defernowork://nothing",
				"{\"uri\":\"defernowork://nothing\"," + META.formatted("") + "}"), 400, -32602);
	}

	@Test
	void requestWhenModernMetaButNoVersionHeaderThenHeaderMismatch() throws Exception {
		HttpResponse<String> response = send(Map.of("Mcp-Method", "tools/list"), "POST",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META.formatted("") + "}}");
		assertError(response, 400, -32020);
	}

	@Test
	void readWhenTheItemRefHoldsASlashThenNotFoundInBothEras() throws Exception {
		// {ref} is one segment: a / in a ref is sent percent-encoded (octo%2Frepo%2344)
		String uri = "defernowork://item/a/b";
		assertError(legacy(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}"),
				200, -32002);
		assertThat(assertError(modern("resources/read", uri, "{\"uri\":\"" + uri + "\"," + META.formatted("") + "}"),
				400, -32602)
			.path("message")
			.stringValue()).isEqualTo("Resource not found: " + uri);
	}

	@Test
	void readWhenLegacyAndResourceUnknownThenResourceNotFoundOf2025() throws Exception {
		JsonNode error = assertError(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"defernowork://nothing"}}"""), 200,
				-32002);
		assertThat(error.path("message").stringValue()).isNotBlank();
	}

	@Test
	void callWhenUnknownToolThenErrorNamesTheToolInBothEras() throws Exception {
		JsonNode modern = assertError(modern("tools/call", "no_such_tool",
				"{\"name\":\"no_such_tool\",\"arguments\":{}," + META.formatted("") + "}"), 400, -32602);
		assertThat(modern.path("message").stringValue()).contains("no_such_tool");
		JsonNode legacy = assertError(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}"""), 200,
				-32602);
		assertThat(legacy.path("message").stringValue()).contains("no_such_tool");
	}

	@Test
	void promptsListWhenEitherEraThenSameTwoPromptsAndModernIsPublic() throws Exception {
		JsonNode modern = ok(modern("prompts/list", null, "{" + META.formatted("") + "}"));
		assertThat(modern.path("prompts").valueStream().map((prompt) -> prompt.path("name").stringValue()))
			.containsExactly("capture_notes", "daily_review");
		assertThat(modern.path("cacheScope").stringValue()).isEqualTo("public");
		assertThat(modern.path("ttlMs").asLong()).isPositive();
		JsonNode legacy = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}"));
		assertThat(legacy.path("prompts")).isEqualTo(modern.path("prompts"));
	}

	@Test
	void promptsGetWhenDailyReviewForADayThenOneUserMessageNamingThePlanToolsInBothEras() throws Exception {
		JsonNode modern = ok(modern("prompts/get", "daily_review",
				"{\"name\":\"daily_review\",\"arguments\":{\"date\":\"2026-07-28\"}," + META.formatted("") + "}"));
		assertThat(modern.path("resultType").stringValue()).isEqualTo("complete");
		JsonNode legacy = ok(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"daily_review",\
				"arguments":{"date":"2026-07-28"}}}"""));
		for (JsonNode result : List.of(modern, legacy)) {
			assertThat(result.path("messages").size()).isOne();
			JsonNode message = result.path("messages").get(0);
			assertThat(message.path("role").stringValue()).isEqualTo("user");
			assertThat(message.path("content").path("text").stringValue()).contains(
					"`get_daily_plan` with date=\"2026-07-28\"", "to_date=\"2026-07-28\"",
					"`add_to_items_plan` (date=\"2026-07-29\")", "Change nothing yet");
			// a started task is overdue as much as an open one
			assertThat(message.path("content").path("text").stringValue())
				.contains("status` is open, in-progress or in-review")
				.doesNotContain("status=\"open\"");
		}
		assertThat(deferno.getAllServeEvents()).as("a prompt reads nothing").isEmpty();
	}

	@Test
	void toolsCallAndPromptsGetWhenTheNameIsUnknownThenSaidWhereTheNamesAreInBothEras() throws Exception {
		for (String method : List.of("tools/call", "prompts/get")) {
			String kind = method.substring(0, method.indexOf('s'));
			String expected = "Unknown " + kind + ": no_such_one; " + kind + "s/list names the " + kind + "s";
			JsonNode modern = assertError(
					modern(method, "no_such_one", "{\"name\":\"no_such_one\"," + META.formatted("") + "}"), 400,
					-32602);
			assertThat(modern.path("message").stringValue()).as(method).isEqualTo(expected);
			JsonNode legacy = assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
					+ "\",\"params\":{\"name\":\"no_such_one\"}}"), 200, -32602);
			assertThat(legacy.path("message").stringValue()).as(method).isEqualTo(expected);
		}
	}

	@Test
	void promptsGetWhenCaptureNotesThenNotesAreInTheMessage() throws Exception {
		JsonNode result = ok(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"capture_notes",\
				"arguments":{"notes":"call the plumber\\ngym twice a week"}}}"""));
		assertThat(result.path("messages").get(0).path("content").path("text").stringValue()).contains("`capture_item`",
				"<notes>\ncall the plumber\ngym twice a week\n</notes>");
	}

	@Test
	void promptsGetWhenArgumentsWrongThenInvalidParamsSayingWhatInBothEras() throws Exception {
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("{\"name\":\"daily_review\",\"arguments\":{\"date\":\"tomorrow\"}}",
				"date must be a day as YYYY-MM-DD");
		cases.put("{\"name\":\"daily_review\",\"arguments\":{\"day\":\"2026-07-28\"}}",
				"Prompt daily_review has no argument 'day'; it takes date");
		cases.put("{\"name\":\"capture_notes\",\"arguments\":{}}", "Missing required argument: notes");
		cases.put("{\"name\":\"capture_notes\",\"arguments\":{\"notes\":\"" + "n".repeat(10_001) + "\"}}",
				"notes is longer than 10000 characters");
		cases.put("{\"name\":\"no_such_prompt\"}", "Unknown prompt: no_such_prompt");
		// not a string: a null is refused as a number is, not read as "today"
		cases.put("{\"name\":\"daily_review\",\"arguments\":{\"date\":null}}",
				"params.arguments values must be strings");
		for (Map.Entry<String, String> wrong : cases.entrySet()) {
			String params = wrong.getKey();
			String name = json.readTree(params).path("name").stringValue();
			JsonNode modern = assertError(modern("prompts/get", name,
					params.substring(0, params.length() - 1) + "," + META.formatted("") + "}"), 400, -32602);
			assertThat(modern.path("message").stringValue()).contains(wrong.getValue());
			JsonNode legacy = assertError(
					legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\"," + "\"params\":" + params + "}"),
					200, -32602);
			assertThat(legacy.path("message").stringValue()).contains(wrong.getValue());
		}
		assertThat(assertError(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"daily_review",\
				"arguments":{"date":5}}}"""), 200, -32602).path("message").stringValue())
			.isEqualTo("params.arguments values must be strings");
		// the 2026-07-28 SDK would read true as "true" and a number as its digits
		for (String value : List.of("true", "5", "{}")) {
			assertThat(assertError(modern("prompts/get", "capture_notes",
					"{\"name\":\"capture_notes\",\"arguments\":{\"notes\":" + value + "}," + META.formatted("") + "}"),
					400, -32602)
				.path("message")
				.stringValue()).as(value).isEqualTo("params.arguments values must be strings");
		}
	}

	@Test
	void legacyWhenMalformedMessagesThenShortJsonRpcErrors() throws Exception {
		assertError(legacy("{\"jsonrpc\":"), 400, -32700);
		assertError(legacy(""), 400, -32700);
		assertError(legacy("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400, -32600);
		assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"), 400, -32600);
		assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"), 400, -32600);
		assertError(legacy("null"), 400, -32600);
		for (String arguments : new String[] { "\"x\"", "[]", "1" }) {
			assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
					+ "\"params\":{\"name\":\"whoami\",\"arguments\":" + arguments + "}}"), 200, -32602);
		}
		assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":\"x\"}}"),
				200, -32602);
		assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":5}}"), 200,
				-32602);
		assertError(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
				"capabilities":"x","clientInfo":{"name":"t","version":"1"}}}"""), 200, -32602);
		assertThat(assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such\"}"), 200, -32601)
			.path("message")
			.stringValue()).contains("no/such");
	}

	@Test
	void requestWhenStringIdLongerThanLimitThenInvalidRequestNotEchoedInBothEras() throws Exception {
		String hugeId = "a".repeat(100_000);
		HttpResponse<String> legacy = legacy("{\"jsonrpc\":\"2.0\",\"id\":\"" + hugeId + "\",\"method\":\"ping\"}");
		assertThat(assertError(legacy, 400, -32600).path("message").stringValue()).contains("at most 256");
		assertThat(legacy.body().length()).isLessThan(2048);
		HttpResponse<String> modern = send(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list"),
				"POST", "{\"jsonrpc\":\"2.0\",\"id\":\"" + hugeId + "\",\"method\":\"tools/list\",\"params\":{"
						+ META.formatted("") + "}}");
		assertError(modern, 400, -32600);
		assertThat(modern.body().length()).isLessThan(2048);
		assertThat(ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":\"" + "a".repeat(256) + "\",\"method\":\"ping\"}")))
			.isNotNull();
	}

	@Test
	void postWhenContentTypeIsSentTwiceThen415WhicheverComesFirst() throws Exception {
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
		for (String second : List.of("text/plain", "application/json")) {
			// header(), unlike setHeader(), sends a second line
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofString(ping))
				.header("Content-Type", "application/json")
				.header("Content-Type", second)
				.header("Accept", "application/json, text/event-stream")
				.build();
			assertError(this.http.send(request, HttpResponse.BodyHandlers.ofString()), 415, -32600);
		}
	}

	@Test
	void postWhenContentTypeAcceptOrSizeWrongThenRefusedBeforeParsing() throws Exception {
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
		assertError(send(Map.of("Content-Type", "application/x-www-form-urlencoded"), "POST", ping), 415, -32600);
		assertError(send(Map.of("Content-Type", "application/json; charset=utf-16"), "POST", ping), 415, -32600);
		// the most specific range that matches a type gives its quality (RFC 9110
		// §12.5.1)
		for (String accept : List.of("application/json;q=0, text/event-stream", "application/json;q=0, */*",
				"application/json, text/event-stream;q=0, text/*", "*/*, text/*;q=0", "text/html")) {
			assertError(send(Map.of("Accept", accept), "POST", ping), 406, -32600);
		}
		for (String accept : List.of("*/*", "application/json, text/*", "application/*, text/event-stream",
				"text/*;q=0, application/json, text/event-stream", "*/*;q=0, application/json, text/event-stream")) {
			assertThat(ok(send(Map.of("Accept", accept), "POST", ping))).as(accept).isNotNull();
		}
		assertError(send(Map.of(), "POST", " ".repeat(1024 * 1024) + ping), 413, -32600);
		assertError(send(Map.of(), "GET", null), 405, -32600);
	}

	@Test
	void toolsCallWhenIdIsHugeThenErrorResultBeforeAnyHttpInBothEras() throws Exception {
		String huge = "1".repeat(100_000);
		JsonNode modern = ok(modern("tools/call", "get_item",
				"{\"name\":\"get_item\",\"arguments\":{\"item\":\"" + huge + "\"}," + META.formatted("") + "}"));
		assertThat(modern.path("isError").asBoolean()).isTrue();
		JsonNode legacy = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
				+ "\"get_item\",\"arguments\":{\"item\":\"" + huge + "\"}}}"));
		assertThat(legacy.path("isError").asBoolean()).isTrue();
		assertThat(legacy.toString().length()).isLessThan(2048);
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void toolsCallWhenArgumentsBreakTheSchemaThenErrorResultNamingEachFaultInBothEras() throws Exception {
		for (JsonNode result : callInBothEras("get_item", "{\"id\":\"x\",\"limit\":\"ten\"}")) {
			assertThat(result.path("isError").asBoolean()).isTrue();
			assertThat(result.at("/content/0/text").stringValue()).contains("missing required argument 'item'")
				.contains("unknown argument 'id' (this tool names the item 'item')")
				.contains("this tool takes: item")
				.doesNotContain("JSON schema validation errors");
		}
		JsonNode tooLong = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
				+ "\"get_item\",\"arguments\":{\"item\":\"" + "9".repeat(600) + "\"}}}"));
		assertThat(tooLong.at("/content/0/text").stringValue()).contains("item: must be at most 500 characters long");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void toolsCallWhenTheItemIsNamedAsAnotherToolNamesItThenToldThisToolsNameAndTheArgumentsTakenOnceInBothEras()
			throws Exception {
		// the item's argument has five names across the tools
		for (JsonNode result : callInBothEras("update_item",
				"{\"item_id\":\"#7\",\"titel\":\"x\",\"colour\":\"red\"}")) {
			String text = result.at("/content/0/text").stringValue();
			assertThat(text).contains("missing required argument 'ref'")
				.contains("unknown argument 'item_id' (this tool names the item 'ref')")
				.contains("unknown argument 'titel'; ")
				.doesNotContain("unknown argument 'titel' (");
			assertThat(text.split("this tool takes: ", -1)).as(text).hasSize(2);
		}
		// with its own item argument there, another name is only unknown
		for (JsonNode result : callInBothEras("get_item", "{\"item\":\"#7\",\"ref\":\"#7\"}")) {
			assertThat(result.at("/content/0/text").stringValue()).contains("unknown argument 'ref'")
				.doesNotContain("names the item");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void toolsCallWhenTheSchemaRefusesThenAuditedAsInvalidArgumentsOfThatToolInBothEras(CapturedOutput output)
			throws Exception {
		// add_to_items_plan takes the very same arguments: the call is still its own
		for (JsonNode result : callInBothEras("remove_from_items_plan", "{\"bogus\":1}")) {
			assertThat(result.path("isError").asBoolean()).isTrue();
		}
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains("\"event\":\"tool.called\"") && line.contains("invalid_arguments")))
			.hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("\"tool\":\"remove_from_items_plan\""));
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void toolsCallWhenTextHasALoneSurrogateThenErrorResultBeforeAnyHttpInBothEras() throws Exception {
		for (JsonNode result : callInBothEras("capture_item",
				"{\"title\":\"\\ud800\",\"attend\":false,\"repeats\":false}")) {
			assertThat(result.path("isError").asBoolean()).isTrue();
			assertThat(result.at("/content/0/text").stringValue())
				.contains("title has a lone UTF-16 surrogate (U+D800 at character 1)");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void toolsCallWhenANumberIsBeyondSixtyFourBitsThenErrorResultNamingItInBothEras() throws Exception {
		for (JsonNode result : callInBothEras("list_items", "{\"limit\":1e308}")) {
			assertThat(result.path("isError").asBoolean()).isTrue();
			// read exactly, as sent
			assertThat(result.at("/content/0/text").stringValue()).contains("limit: 1E+308 is out of range");
		}
		// beyond a double's range too: not the schema library's "unknown found"
		for (String huge : List.of("1e400", "-1e400")) {
			for (JsonNode result : callInBothEras("list_items", "{\"limit\":" + huge + "}")) {
				assertThat(result.path("isError").asBoolean()).isTrue();
				assertThat(result.at("/content/0/text").stringValue()).as(huge)
					.contains("limit: " + huge.replace("e", "E+") + " is out of range (numbers here fit in 64-bit "
							+ "integers)")
					.doesNotContain("unknown");
			}
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	/**
	 * Read as a double, 10.0000000000000000000001 is 10: an integer argument must see the
	 * number as sent, while 10.0 and 1e1 are whole, as JSON Schema's integer has it.
	 */
	@Test
	void toolsCallWhenAnIntegerArgumentHasAFractionTooSmallForADoubleThenRefusedInBothEras() throws Exception {
		for (String fraction : List.of("10.0000000000000000000001", "9.99999999999999999999")) {
			for (JsonNode result : callInBothEras("list_items", "{\"limit\":" + fraction + "}")) {
				assertThat(result.path("isError").asBoolean()).as(fraction).isTrue();
				assertThat(result.at("/content/0/text").stringValue()).as(fraction)
					.contains("limit: number found, [integer, null] expected");
			}
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
		for (String whole : List.of("10.0", "1e1", "1.0e1")) {
			callInBothEras("list_items", "{\"limit\":" + whole + "}");
		}
		assertThat(deferno.getAllServeEvents()).hasSize(6)
			.allSatisfy((event) -> assertThat(event.getRequest().queryParameter("$top").firstValue()).isEqualTo("10"));
	}

	@Test
	void toolsCallWhenAHugeNumberStandsWhereNoNumberGoesThenItsTypeIsNamedInBothEras() throws Exception {
		for (String huge : List.of("1e300", "1e400")) {
			for (JsonNode result : callInBothEras("capture_item",
					"{\"title\":" + huge + ",\"attend\":false,\"repeats\":false}")) {
				assertThat(result.path("isError").asBoolean()).isTrue();
				assertThat(result.at("/content/0/text").stringValue()).as(huge)
					.contains("title: number found, string expected")
					.doesNotContain("out of range");
			}
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void legacyWhenIdBeyondSixtyFourBitsOrMethodNameHugeThenShortClientErrors() throws Exception {
		assertThat(
				assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":9223372036854775808,\"method\":\"ping\"}"), 400, -32600)
					.path("message")
					.stringValue())
			.contains("64 bits");
		assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + "m".repeat(100_000) + "\"}"), 200, -32601);
		assertThat(assertError(
				legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"abc\"}}"), 200,
				-32602)
			.path("message")
			.stringValue()).contains("Invalid cursor");
	}

	@Test
	void requestWhenModernMethodToolOrRefHugeThenMessagesStayShort() throws Exception {
		String huge = "x".repeat(2_000);
		JsonNode method = assertError(modern(huge, null, "{" + META.formatted("") + "}"), 404, -32601);
		JsonNode tool = assertError(
				modern("tools/call", huge, "{\"name\":\"" + huge + "\",\"arguments\":{}," + META.formatted("") + "}"),
				400, -32602);
		JsonNode legacyTool = assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
				+ "{\"name\":\"" + huge + "\",\"arguments\":{}}}"), 200, -32602);
		String uri = "defernowork://item/" + "y".repeat(1_000);
		JsonNode ref = assertError(
				modern("resources/read", uri, "{\"uri\":\"" + uri + "\"," + META.formatted("") + "}"), 400, -32602);
		for (JsonNode error : List.of(method, tool, legacyTool, ref)) {
			assertThat(error.path("message").stringValue().length()).as(error.toString()).isLessThanOrEqualTo(300);
		}
		assertThat(method.path("message").stringValue()).startsWith("Method not found: xxx");
		assertThat(legacy("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/" + huge + "\"}").statusCode())
			.as("a notification is not answered")
			.isEqualTo(202);
		assertThat(tool.path("message").stringValue()).contains("at most 128 characters");
	}

	/**
	 * JSON text must be well-formed Unicode: a value the client sent is quoted with its
	 * lone surrogates as {@code ?}, and cut between two characters, never inside a pair.
	 */
	@Test
	void requestWhenAQuotedValueHasALoneSurrogateOrIsCutInAPairThenTheErrorIsWellFormedInBothEras() throws Exception {
		String cut = "a".repeat(98) + "\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00";
		Map<String, String> legacyCases = new LinkedHashMap<>();
		legacyCases.put("\"method\":\"x\\ud800\"", "Method not found: x?");
		legacyCases.put("\"method\":\"tools/call\",\"params\":{\"name\":\"x\\udfff\",\"arguments\":{}}",
				"Unknown tool: x?;");
		legacyCases.put("\"method\":\"tools/call\",\"params\":{\"name\":\"" + cut + "\",\"arguments\":{}}",
				"Unknown tool: " + "a".repeat(98) + "\uD83D\uDE00…;");
		legacyCases.put("\"method\":\"prompts/get\",\"params\":{\"name\":\"\\ud800\"}", "Unknown prompt: ?;");
		legacyCases.put("\"method\":\"prompts/get\",\"params\":{\"name\":\"daily_review\",\"arguments\":"
				+ "{\"\\ud800\":\"x\"}}", "Prompt daily_review has no argument '?'");
		for (Map.Entry<String, String> each : legacyCases.entrySet()) {
			HttpResponse<String> response = legacy("{\"jsonrpc\":\"2.0\",\"id\":1," + each.getKey() + "}");
			JsonNode error = parse(response.body()).path("error");
			assertThat(error.path("message").stringValue()).as(response.body()).contains(each.getValue());
			assertWellFormed(error);
		}
		JsonNode notFound = assertError(legacy("""
				{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"x:\\ud800"}}"""), 200, -32002);
		assertThat(notFound.path("data").path("uri").stringValue()).isEqualTo("x:?");
		assertWellFormed(notFound);

		String name = "a".repeat(98) + "\uD83D\uDE00".repeat(3);
		String wrapped = "=?base64?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
		JsonNode tool = assertError(
				modern("tools/call", wrapped, "{\"name\":\"" + cut + "\",\"arguments\":{}," + META.formatted("") + "}"),
				400, -32602);
		assertThat(tool.path("message").stringValue()).contains("Unknown tool: " + "a".repeat(98) + "\uD83D\uDE00…;");
		assertWellFormed(tool);
		JsonNode argument = assertError(
				modern("prompts/get", "daily_review",
						"{\"name\":\"daily_review\",\"arguments\":{\"\\udfff\":\"x\"}," + META.formatted("") + "}"),
				400, -32602);
		assertThat(argument.path("message").stringValue()).contains("Prompt daily_review has no argument '?'");
		assertWellFormed(argument);
	}

	/** Limits count characters (code points), as JSON Schema does: an emoji is one. */
	@Test
	void requestWhenIdNameUriOrPromptArgumentIsWithinItsLimitInEmojiThenNotRefusedAsTooLongInBothEras()
			throws Exception {
		String emoji = "\uD83D\uDE00";
		String id = emoji.repeat(McpEndpointServlet.MAX_ID_LENGTH);
		assertThat(parse(McpAnswer.json(legacy("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"ping\"}")))
			.path("id")
			.stringValue()).isEqualTo(id);
		assertThat(assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + emoji + "\",\"method\":\"ping\"}"), 400,
				-32600)
			.path("message")
			.stringValue()).isEqualTo("id must be at most 256 characters");
		String name = emoji.repeat(LegacyRequests.MAX_NAME);
		assertThat(assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
				+ name + "\",\"arguments\":{}}}"), 200, -32602)
			.path("message")
			.stringValue()).startsWith("Unknown tool: ");
		String wrapped = "=?base64?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
		assertThat(assertError(modern("tools/call", wrapped,
				"{\"name\":\"" + name + "\",\"arguments\":{}," + META.formatted("") + "}"), 400, -32602)
			.path("message")
			.stringValue()).startsWith("Unknown tool: ");
		// 1,024 characters, 2,026 UTF-16 units: not found, as any unknown URI
		String uri = "defernowork://nothing/" + emoji.repeat(LegacyRequests.MAX_URI - 22);
		assertThat(parse(legacy(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}")
			.body()).at("/error/code").asInt()).isEqualTo(-32002);
		String notes = emoji.repeat(5_001);
		for (JsonNode result : List.of(
				ok(modern("prompts/get", "capture_notes",
						"{\"name\":\"capture_notes\",\"arguments\":{\"notes\":\"" + notes + "\"}," + META.formatted("")
								+ "}")),
				ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":"
						+ "\"capture_notes\",\"arguments\":{\"notes\":\"" + notes + "\"}}}")))) {
			assertThat(result.at("/messages/0/content/text").stringValue()).contains(notes);
		}
	}

	@Test
	void callWhenToolTakesNoArgumentsOrAnIdHasAControlCharacterThenErrorResultSayingSo() throws Exception {
		JsonNode whoami = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
				+ "\"whoami\",\"arguments\":{\"x\":1}}}"));
		assertThat(whoami.at("/content/0/text").stringValue()).contains("this tool takes no arguments");
		JsonNode delete = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
				+ "\"delete_comment\",\"arguments\":{\"comment_id\":\"a\\\\b\"}}}"));
		assertThat(delete.path("isError").asBoolean()).isTrue();
		assertThat(delete.at("/content/0/text").stringValue()).contains("comment_id must be an id as Deferno gave it");
		// a lone surrogate, escaped as JSON allows, reached Deferno as '?'
		JsonNode surrogate = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
				+ "\"delete_comment\",\"arguments\":{\"comment_id\":\"a\\ud800b\"}}}"));
		assertThat(surrogate.path("isError").asBoolean()).isTrue();
		assertThat(surrogate.at("/content/0/text").stringValue())
			.contains("comment_id must be an id as Deferno gave it", "lone surrogates");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void batchWhen20250326ThenEveryRequestAnsweredInOrderAndNoNotification() throws Exception {
		stub(get(urlEqualTo("/api/auth/me")).willReturn(data("{\"id\":\"u-1\",\"username\":\"alice\"}")));
		String batch = """
				[{"jsonrpc":"2.0","method":"notifications/initialized"},
				 {"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"whoami","arguments":{}}},
				 {"jsonrpc":"2.0","id":2,"method":"ping"},
				 {"jsonrpc":"2.0","id":3,"method":"no/such"},
				 42,
				 {"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2025-03-26",
				  "capabilities":{},"clientInfo":{"name":"t","version":"1"}}},
				 {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"whoami","arguments":[]}},
				 {"jsonrpc":"2.0","id":9,"result":{}},
				 {"jsonrpc":"2.0","id":6,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":5}}},
				 {"jsonrpc":"2.0","id":7,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":\
				"2026-07-28"}}}]""";
		// without a version header a request is 2025-03-26's
		for (Map<String, String> headers : List.of(Map.<String, String>of(),
				Map.of("MCP-Protocol-Version", "2025-03-26"))) {
			HttpResponse<String> response = send(headers, "POST", batch);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			JsonNode answers = parse(response.body());
			assertThat(answers.isArray()).as(response.body()).isTrue();
			// nothing for the notification, nor for the response (this server asked
			// nothing)
			assertThat(answers.size()).as(response.body()).isEqualTo(8);
			assertThat(answers.get(0).path("id").stringValue()).isEqualTo("a");
			assertThat(answers.get(0).at("/result/content/0/text").stringValue()).contains("alice");
			assertThat(answers.get(1).path("id").asInt()).isEqualTo(2);
			assertThat(answers.get(1).path("result").isObject()).isTrue();
			assertBatchError(answers.get(2), parse("3"), -32601);
			assertBatchError(answers.get(3), MissingNode.getInstance(), -32600);
			assertThat(assertBatchError(answers.get(4), parse("4"), -32600).path("message").stringValue())
				.isEqualTo("initialize must not be part of a batch");
			assertBatchError(answers.get(5), parse("5"), -32602);
			assertBatchError(answers.get(6), parse("6"), -32602);
			// a 2026-07-28 message has no batches; with the 2025-03-26 header, the two
			// disagree
			assertBatchError(answers.get(7), parse("7"), headers.isEmpty() ? -32600 : -32020);
		}
	}

	@Test
	void batchWhenOnlyNotificationsThenAcceptedWithoutABody() throws Exception {
		HttpResponse<String> response = send(Map.of(), "POST", """
				[{"jsonrpc":"2.0","method":"notifications/initialized"},
				 {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}]""");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void batchWhenAnotherRevisionEmptyOrTooLongThenInvalidRequest() throws Exception {
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
		for (String version : List.of(MODERN, "2025-11-25", "2025-06-18")) {
			JsonNode error = assertError(
					send(Map.of("MCP-Protocol-Version", version, "Mcp-Method", "ping"), "POST", "[" + ping + "]"), 400,
					-32600);
			assertThat(error.path("message").stringValue()).as(version)
				.isEqualTo("Batches are not part of MCP " + version + ": send one JSON-RPC message per request");
		}
		assertError(send(Map.of(), "POST", "[]"), 400, -32600);
		assertThat(assertError(send(Map.of(), "POST", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]"), 400, -32600)
			.path("message")
			.stringValue()).isEqualTo("This server sends no requests, so it takes no responses");
		String tooLong = "[" + String.join(",", java.util.Collections.nCopies(McpEndpointServlet.MAX_BATCH + 1, ping))
				+ "]";
		assertThat(assertError(send(Map.of(), "POST", tooLong), 400, -32600).path("message").stringValue())
			.isEqualTo("A batch holds at most " + McpEndpointServlet.MAX_BATCH + " messages");
		assertError(send(Map.of("MCP-Protocol-Version", "2099-01-01"), "POST", "[" + ping + "]"), 400, -32022);
	}

	/**
	 * Answers are matched to requests by id (JSON-RPC 2.0 §6): two requests of one batch
	 * with the same id would get answers the client cannot tell apart.
	 */
	@Test
	void batchWhenTwoRequestsShareAnIdThenTheBatchIsInvalidRequestNamingIt() throws Exception {
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"ping\"}";
		for (String id : List.of("1", "\"a\"")) {
			JsonNode error = assertError(send(Map.of("MCP-Protocol-Version", "2025-03-26"), "POST",
					"[" + ping.formatted(id) + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
							+ ping.formatted(id) + "]"),
					400, -32600);
			assertThat(error.path("message").stringValue()).as(id)
				.isEqualTo("id " + id + " is used by more than one request of this batch: give each request its own");
		}
		// 1 and "1" are different ids; a response's id is the client's own request's
		JsonNode answers = parse(send(Map.of("MCP-Protocol-Version", "2025-03-26"), "POST", "[" + ping.formatted("1")
				+ "," + ping.formatted("\"1\"") + ",{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]")
			.body());
		assertThat(answers.size()).as(answers.toString()).isEqualTo(2);
		assertThat(answers.get(0).path("id")).isEqualTo(parse("1"));
		assertThat(answers.get(1).path("id")).isEqualTo(parse("\"1\""));
	}

	@Test
	void readWhenItemRefBadlyPercentEncodedThenInvalidParamsSayingHowInBothEras() throws Exception {
		JsonNode legacy = assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
				+ "\"params\":{\"uri\":\"defernowork://item/%zz\"}}"), 200, -32602);
		assertThat(legacy.path("message").stringValue()).contains("must be percent-encoded")
			.doesNotContain("URLDecoder");
		// bytes that are not UTF-8 were read as U+FFFD, a control character passed on
		for (String ref : List.of("%FF", "%ED%A0%80", "%00", "a%0Ab")) {
			JsonNode refused = assertError(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
					+ "\"params\":{\"uri\":\"defernowork://item/" + ref + "\"}}"), 200, -32602);
			assertThat(refused.path("message").stringValue()).as(ref)
				.containsAnyOf("its bytes are not UTF-8", "must not hold control characters")
				.doesNotContain("\u0000", "\ufffd");
		}
	}

	@Test
	void requestWhenEnvelopeInvalidThenInvalidRequestWithTheIdOrNoneInBothEras() throws Exception {
		Map<String, JsonNode> expectedIds = new LinkedHashMap<>();
		expectedIds.put("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", MissingNode.getInstance());
		expectedIds.put("42", MissingNode.getInstance());
		expectedIds.put("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", MissingNode.getInstance());
		expectedIds.put("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", MissingNode.getInstance());
		expectedIds.put("{\"jsonrpc\":\"2.0\",\"id\":9223372036854775808,\"method\":\"ping\"}",
				MissingNode.getInstance());
		expectedIds.put("{\"jsonrpc\":\"2.0\",\"id\":\"a\"}", parse("\"a\""));
		for (String version : List.of(MODERN, "2025-11-25")) {
			for (Map.Entry<String, JsonNode> each : expectedIds.entrySet()) {
				HttpResponse<String> response = send(Map.of("MCP-Protocol-Version", version, "Mcp-Method", "ping"),
						"POST", each.getKey());
				assertThat(parse(response.body()).path("id")).as(version + " " + each.getKey())
					.isEqualTo(each.getValue());
				assertError(response, 400, -32600);
			}
		}
	}

	@Test
	void requestWhenBodyIsNotUtf8ThenParseErrorInBothEras() throws Exception {
		for (String version : List.of(MODERN, "2025-11-25")) {
			String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{" + META.formatted("") + "}}";
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofByteArray(ping.getBytes(StandardCharsets.UTF_16LE)))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.header("MCP-Protocol-Version", version)
				.header("Mcp-Method", "ping");
			assertError(this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()), 400, -32700);
		}
	}

	@Test
	void requestWhenModernNameUriOrArgumentsOfTheWrongTypeThenInvalidParamsNamingIt() throws Exception {
		assertThat(assertError(modern("tools/call", "5", "{\"name\":5,\"arguments\":{}," + META.formatted("") + "}"),
				400, -32602)
			.path("message")
			.stringValue()).contains("params.name");
		assertThat(assertError(modern("prompts/get", "true", "{\"name\":true," + META.formatted("") + "}"), 400, -32602)
			.path("message")
			.stringValue()).contains("params.name");
		assertThat(assertError(modern("resources/read", "5", "{\"uri\":5," + META.formatted("") + "}"), 400, -32602)
			.path("message")
			.stringValue()).contains("params.uri");
		assertThat(assertError(
				modern("tools/call", "whoami", "{\"name\":\"whoami\",\"arguments\":\"x\"," + META.formatted("") + "}"),
				400, -32602)
			.path("message")
			.stringValue()).isEqualTo("params.arguments must be an object");
		// a protocol version in _meta that is no string does not route the request to the
		// 2025 era
		assertThat(assertError(send(Map.of(), "POST",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
						+ "{\"io.modelcontextprotocol/protocolVersion\":20260728}}}"),
				400, -32602)
			.path("message")
			.stringValue()).contains("protocolVersion must be a string");
	}

	@Test
	void readWhenUriLongerThanAnyResourceThenInvalidParamsNotEchoedInBothEras() throws Exception {
		String uri = "defernowork://item/" + "a".repeat(LegacyRequests.MAX_URI);
		assertError(modern("resources/read", uri, "{\"uri\":\"" + uri + "\"," + META.formatted("") + "}"), 400, -32602);
		assertError(legacy(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}"),
				200, -32602);
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void readWhenDefernoRefusesTheItemThenInvalidParamsWithItsReasonInBothEras() throws Exception {
		String id = "0190c0de-0000-7000-8000-000000000001";
		stub(get(urlEqualTo("/api/items/" + id)).willReturn(failure(403, "forbidden", "not your item")));
		String uri = "defernowork://item/" + id;
		assertThat(assertError(modern("resources/read", uri, "{\"uri\":\"" + uri + "\"," + META.formatted("") + "}"),
				400, -32602)
			.path("message")
			.stringValue()).contains("not your item");
		assertThat(assertError(legacy(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + uri + "\"}}"),
				200, -32602)
			.path("message")
			.stringValue()).contains("not your item");
	}

	@Test
	void legacyWhenInitializeMembersOfTheWrongTypeOrUnknownVersionOrNotificationsThenAnsweredWithoutWarnings(
			CapturedOutput output) throws Exception {
		String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
				+ "\"%s\",\"capabilities\":%s,\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
		int before = output.getAll().length();
		assertThat(assertError(legacy(initialize.formatted("2025-11-25", "{\"roots\":\"x\"}")), 200, -32602)
			.path("message")
			.stringValue()).contains("params.capabilities.roots");
		HttpResponse<String> unknownVersion = legacy(initialize.formatted("1.0", "{}"));
		assertThat(ok(unknownVersion).path("protocolVersion").stringValue()).isEqualTo("2025-11-25");
		HttpResponse<String> cancelled = legacy(
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"," + "\"params\":{\"requestId\":1}}");
		assertThat(cancelled.statusCode()).isEqualTo(202);
		assertThat(output.getAll().substring(before)).doesNotContain(" WARN ", " ERROR ", "Client initialize request");
	}

	@Test
	void modernWhenMetaLogLevelIsNoLevelThenInvalidParamsNamingTheLevels() throws Exception {
		for (String level : List.of("\"bogus\"", "\"DEBUG\"", "5", "{}")) {
			HttpResponse<String> response = modern("tools/list", null,
					"{" + META.formatted(",\"io.modelcontextprotocol/logLevel\":" + level) + "}");
			assertThat(assertError(response, 400, -32602).path("message").stringValue()).as(level)
				.contains("logLevel", "debug, info, notice, warning, error, critical, alert, emergency");
			assertThat(parse(response.body()).path("id").asInt()).as(level).isEqualTo(1);
		}
		for (String level : List.of("\"debug\"", "\"emergency\"", "null")) {
			assertThat(ok(modern("tools/list", null,
					"{" + META.formatted(",\"io.modelcontextprotocol/logLevel\":" + level) + "}"))
				.path("tools")
				.size()).as(level).isEqualTo(31);
		}
	}

	@Test
	void requestWhenClientInfoLacksNameOrVersionThenServedWithoutWarningsInBothEras(CapturedOutput output)
			throws Exception {
		int before = output.getAll().length();
		String meta = """
				"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",\
				"io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{}}""";
		assertThat(ok(modern("tools/list", null, "{" + meta + "}")).path("tools").size()).isEqualTo(31);
		HttpResponse<String> initialize = legacy("""
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
				"capabilities":{},"clientInfo":{"name":"t"}}}""");
		assertThat(ok(initialize).path("protocolVersion").stringValue()).isEqualTo("2025-11-25");
		// the client's mistake, once per request: nothing for the operator
		assertThat(output.getAll().substring(before)).doesNotContain(" WARN ", "missing required field");
	}

	@Test
	void requestWhenPathUnderTheEndpointIsNotItThen404NamingTheEndpoint() throws Exception {
		for (String path : List.of("/mcp/x", "/mcp//", "/mcp/mcp", "/mcp;x", "/mcp;jsessionid=1", "//mcp", "///mcp",
				"/.//mcp", "//mcp/", "/./mcp")) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream");
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(assertError(response, 404, -32600).path("message").stringValue()).as(path)
				.contains("the endpoint is /mcp");
		}
	}

	@Test
	void requestWhenEndpointPathHasPercentEncodedLettersThenServedAsTheEndpointInBothEras() throws Exception {
		for (String path : List.of("/%6Dcp", "/%6dc%70/")) {
			for (String era : List.of(MODERN, "2025-11-25")) {
				String params = MODERN.equals(era) ? "{" + META.formatted("") + "}" : "{}";
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":" + params + "}"))
					.header("Content-Type", "application/json")
					.header("Accept", "application/json, text/event-stream")
					.header("MCP-Protocol-Version", era)
					.header("Mcp-Method", "tools/list")
					.build();
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				assertThat(ok(response).path("tools").size()).as(path + " " + era).isEqualTo(31);
			}
		}
	}

	/** The results of one tools/call in the 2026 era, then in the 2025 era. */
	private List<JsonNode> callInBothEras(String tool, String arguments) throws Exception {
		JsonNode modern = ok(modern("tools/call", tool,
				"{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "," + META.formatted("") + "}"));
		JsonNode legacy = ok(legacy("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
				+ tool + "\",\"arguments\":" + arguments + "}}"));
		return List.of(modern, legacy);
	}

	private HttpResponse<String> modern(String method, String name, String params) throws Exception {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("MCP-Protocol-Version", MODERN);
		headers.put("Mcp-Method", method);
		if (name != null) {
			headers.put("Mcp-Name", name);
		}
		return send(headers, "POST",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
	}

	private HttpResponse<String> legacy(String body) throws Exception {
		return send(Map.of("MCP-Protocol-Version", "2025-11-25"), "POST", body);
	}

	private HttpResponse<String> send(Map<String, String> headers, String method, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		Map<String, String> all = new LinkedHashMap<>();
		all.put("Content-Type", "application/json");
		all.put("Accept", "application/json, text/event-stream");
		all.putAll(headers);
		all.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// a loaded machine can take past the second after which an answer is streamed
		JsonNode body = parse(McpAnswer.json(response));
		assertThat(body.has("error")).as(response.body()).isFalse();
		return body.path("result");
	}

	private static JsonNode assertBatchError(JsonNode answer, JsonNode id, int code) {
		assertThat(answer.path("jsonrpc").stringValue()).isEqualTo("2.0");
		assertThat(answer.path("id")).as(answer.toString()).isEqualTo(id);
		assertThat(answer.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(code);
		return answer.path("error");
	}

	/** No lone UTF-16 surrogate anywhere in the node: it is well-formed Unicode. */
	private static void assertWellFormed(JsonNode node) {
		assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(node.toString())).as(node.toString()).isTrue();
	}

	private static JsonNode assertError(HttpResponse<String> response, int status, int code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body().length()).isLessThan(2048);
		assertThat(response.body()).doesNotContain("Exception", "at com.", "java.");
		JsonNode body = parse(response.body());
		assertThat(body.path("jsonrpc").stringValue()).isEqualTo("2.0");
		// an id is a request's id, or absent when it is unknown; never null
		assertThat(body.path("id").isNull()).as(response.body()).isFalse();
		assertThat(body.path("error").path("code").asInt()).as(response.body()).isEqualTo(code);
		return body.path("error");
	}

}
