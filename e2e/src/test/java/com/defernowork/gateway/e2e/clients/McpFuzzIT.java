package com.defernowork.gateway.e2e.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.defernowork.gateway.e2e.support.AliceTokens;
import com.defernowork.gateway.e2e.support.GatewayStack;
import com.defernowork.gateway.testsupport.McpAnswer;
import com.defernowork.gateway.testsupport.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few hundred malformed requests to {@code /mcp} through nginx with a valid token, in
 * both protocol eras: bad JSON, wrong JSON-RPC shapes, wrong parameter types, wrong and
 * contradicting headers, wrong media types. Whatever the input: no 5xx, and every error
 * body is a JSON-RPC error under 2 KB without a trace of Java. The inputs come from a
 * fixed seed, so a failure can be replayed.
 */
class McpFuzzIT {

	static final long SEED = 20261129L;

	static final String MODERN = "2026-07-28";

	static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
			+ "\"io.modelcontextprotocol/clientCapabilities\":{}}";

	static final List<String> METHODS = List.of("initialize", "ping", "tools/list", "tools/call", "resources/list",
			"resources/read", "resources/templates/list", "server/discover", "prompts/list", "logging/setLevel",
			"no/such/method", "");

	static final List<String> TOOLS = List.of("whoami", "get_item", "list_items", "capture_item", "update_item",
			"batch_tasks", "delete_item", "no_such_tool", "");

	static final List<String> JUNK_VALUES = List.of("\"x\"", "[]", "1", "-1.5e300", "true", "null", "{}", "{\"a\":{}}",
			"\"" + "x".repeat(5000) + "\"", "\"\\u0000\\ud800\"", "[[[[[[[[[[]]]]]]]]]]");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static GatewayStack stack;

	static String token;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Random random = new Random(SEED);

	@BeforeAll
	static void start() {
		stack = GatewayStack.builder().start();
		token = AliceTokens.accessToken(stack, "tasks:read tasks:write plan:read plan:write profile:read");
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void mcpWhenHundredsOfMalformedRequestsThenSmallJsonRpcErrorsAndNo5xx() throws Exception {
		List<Case> cases = new ArrayList<>(fixedCases());
		for (int i = 0; i < 300; i++) {
			cases.add(randomCase(i));
		}
		List<String> problems = new ArrayList<>();
		for (Case fuzz : cases) {
			HttpResponse<String> response = send(fuzz);
			String problem = problem(response);
			if (problem != null) {
				problems.add(fuzz.name() + " -> " + response.statusCode() + " " + problem + ": "
						+ abbreviate(response.body()));
			}
		}
		assertThat(problems).as("of %s requests", cases.size()).isEmpty();
	}

	@Test
	void mcpWhenARoutingHeaderHoldsRawUtf8ThenHeaderErrorNotAnInternalOne() throws Exception {
		// sent as UTF-8 bytes (an HTTP client would refuse or replace them): read as
		// ISO-8859-1 they hold C1 control characters, which Spring Security's firewall
		// refuses as the header is read
		String emoji = "\uD83D\uDE00";
		String read = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{\"uri\":\"" + emoji
				+ "\",\"_meta\":" + META + "}}";
		Map<String, Map<String, String>> cases = new LinkedHashMap<>();
		cases.put("Mcp-Name", modernHeaders("resources/read", emoji));
		cases.put("Mcp-Method", modernHeaders("resources/read" + emoji, emoji));
		for (Map.Entry<String, Map<String, String>> fuzz : cases.entrySet()) {
			Map<String, String> headers = new LinkedHashMap<>(fuzz.getValue());
			headers.put("Authorization", "Bearer " + token);
			URI mcp = URI.create(stack.mcpUrl());
			String answer = RawHttp.exchange(mcp, "POST", mcp.getPath(), headers, read);
			assertThat(answer).as(fuzz.getKey()).startsWith("HTTP/1.1 400");
			assertThat(RawHttp.body(answer)).as(fuzz.getKey())
				.contains("-32020", fuzz.getKey() + " header holds characters");
		}
	}

	/** What is wrong with an answer to a malformed request, or {@code null}. */
	private static String problem(HttpResponse<String> response) {
		String body = McpAnswer.json(response);
		if (response.statusCode() >= 500) {
			return "server error";
		}
		if (response.statusCode() == 202 && body.isEmpty()) {
			return null;
		}
		if (body.contains("Exception") || body.contains("at com.") || body.contains("java.")) {
			return "Java in the body";
		}
		JsonNode message;
		try {
			message = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return "not JSON";
		}
		if (message == null || !"2.0".equals(message.path("jsonrpc").asString(""))) {
			return "not JSON-RPC";
		}
		if (message.has("error")) {
			return (body.length() < 2048 && message.path("error").path("code").isInt()
					&& message.path("error").path("message").isString()) ? null : "not a small JSON-RPC error";
		}
		// some generated requests are valid after all (a list with null params, a blank
		// version header, which the HTTP client drops): a result is fine, as long as it
		// is a result
		return message.path("result").isObject() ? null : "neither a result nor an error";
	}

	private List<Case> fixedCases() {
		List<Case> cases = new ArrayList<>();
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
		for (String body : List.of("", " ", "null", "{", "}", "[]", "[1,2]", "\"text\"", "42", "{\"jsonrpc\":\"2.0\"}",
				"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"x\"}}",
				"[" + ping + "," + ping + "]", "[".repeat(5000) + "]".repeat(5000),
				"{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "\u0000\u0001\u0002",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} trailing")) {
			cases.add(new Case("body " + abbreviate(body), legacyHeaders(), body));
			cases.add(new Case("modern body " + abbreviate(body), modernHeaders("ping", null), body));
		}
		for (String type : List.of("application/x-www-form-urlencoded", "text/plain",
				"application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/xml", "garbage",
				"application/json; charset=nope", "")) {
			Map<String, String> headers = legacyHeaders();
			headers.put("Content-Type", type);
			cases.add(new Case("content-type " + type, headers, ping));
		}
		for (String accept : List.of("text/html", "application/xml", "garbage;;", "text/event-stream")) {
			Map<String, String> headers = legacyHeaders();
			headers.put("Accept", accept);
			cases.add(new Case("accept " + accept, headers, ping));
		}
		for (String version : List.of("2099-01-01", "v999", "garbage", "", "2025-11-25 ", "2026-07-28,2025-11-25")) {
			Map<String, String> headers = legacyHeaders();
			headers.put("MCP-Protocol-Version", version);
			cases.add(new Case("version " + version, headers, ping));
		}
		cases.add(new Case("2 MB body", legacyHeaders(),
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "x".repeat(2 * 1024 * 1024)
						+ "\"}}"));
		return cases;
	}

	private Case randomCase(int index) {
		String method = pick(METHODS);
		boolean modern = this.random.nextBoolean();
		String tool = pick(TOOLS);
		String params = switch (this.random.nextInt(6)) {
			case 0 -> pick(JUNK_VALUES);
			case 1 -> "{\"name\":" + pick(JUNK_VALUES) + ",\"arguments\":{},\"_meta\":" + META + "}";
			case 2 -> "{\"name\":\"" + tool + "\",\"arguments\":" + pick(JUNK_VALUES) + ",\"_meta\":" + META + "}";
			case 3 -> "{\"name\":\"" + tool + "\",\"arguments\":{\"item\":" + pick(JUNK_VALUES) + ",\"title\":"
					+ pick(JUNK_VALUES) + ",\"limit\":" + pick(JUNK_VALUES) + "},\"_meta\":" + META + "}";
			case 4 -> "{\"uri\":" + pick(JUNK_VALUES) + ",\"cursor\":" + pick(JUNK_VALUES) + ",\"_meta\":"
					+ pick(List.of(META, "\"x\"", "{}", "[]")) + "}";
			default -> "{\"protocolVersion\":" + pick(JUNK_VALUES) + ",\"capabilities\":" + pick(JUNK_VALUES)
					+ ",\"clientInfo\":" + pick(JUNK_VALUES) + ",\"_meta\":" + META + "}";
		};
		String id = pick(List.of("1", "\"a\"", "null", "{}", "1.5", "-7"));
		String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
		Map<String, String> headers;
		if (modern) {
			String name = pick(List.of(tool, "=?base64?" + "%%%" + "?=", "=?base64?d2hvYW1p?=", "has space"));
			headers = modernHeaders(pick(List.of(method, "tools/call", "")), this.random.nextBoolean() ? name : null);
		}
		else {
			headers = legacyHeaders();
		}
		return new Case("random " + index + " (" + (modern ? "modern" : "legacy") + ") " + abbreviate(body), headers,
				body);
	}

	private Map<String, String> legacyHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("Accept", "application/json, text/event-stream");
		headers.put("MCP-Protocol-Version", "2025-11-25");
		return headers;
	}

	private Map<String, String> modernHeaders(String method, String name) {
		Map<String, String> headers = legacyHeaders();
		headers.put("MCP-Protocol-Version", MODERN);
		headers.put("Mcp-Method", method);
		if (name != null) {
			headers.put("Mcp-Name", name);
		}
		return headers;
	}

	private HttpResponse<String> send(Case fuzz) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(fuzz.body(), StandardCharsets.UTF_8))
			.header("Authorization", "Bearer " + token);
		fuzz.headers().forEach((name, value) -> {
			if (!value.isEmpty()) {
				request.header(name, value);
			}
		});
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static String abbreviate(String text) {
		return (text.length() > 120) ? text.substring(0, 120) + "…" : text;
	}

	private record Case(String name, Map<String, String> headers, String body) {
	}

}
