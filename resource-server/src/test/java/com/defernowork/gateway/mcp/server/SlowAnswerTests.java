package com.defernowork.gateway.mcp.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow MCP 2026-07-28 answer becomes an event stream, and a client that closes it
 * cancels the request: {@code reorder_items_plan} reads the plan (slow here), then writes
 * the new order.
 */
class SlowAnswerTests extends McpToolTestSupport {

	private static final String FIRST = "11111111-1111-4111-8111-111111111111";

	private static final String SECOND = "22222222-2222-4222-8222-222222222222";

	private static final String PLAN = "/api/items/plan";

	private static final String REORDER = "/api/items/plan/reorder";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void toolCallWhenSlowThenEventStreamWithKeepAlivesAndTheResultAsItsEvent() throws Exception {
		slowPlan(2500);
		HttpResponse<String> response = this.http.send(request(McpDualEraTests.MODERN, modernCall()),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
		// the headers Spring Security gives every answer that begins inside it
		assertThat(response.headers().map()).containsEntry("x-content-type-options", List.of("nosniff"))
			.containsEntry("x-frame-options", List.of("DENY"))
			.containsEntry("x-xss-protection", List.of("0"))
			.containsEntry("pragma", List.of("no-cache"))
			.containsEntry("expires", List.of("0"));
		String body = response.body();
		assertThat(body).startsWith(":\n\n").contains("\n\nevent: message\ndata: {").endsWith("}\n\n");
		String data = body.substring(body.indexOf("data: ") + "data: ".length()).strip();
		assertThat(parse(data).path("id").asInt()).isEqualTo(7);
		assertThat(parse(data).path("result").path("isError").asBoolean()).as(data).isFalse();
		deferno.verify(1, postRequestedFor(urlPathEqualTo(REORDER)));
	}

	@Test
	void toolCallWhenTheClientClosesTheStreamThenItsNextDefernoCallIsNotSent() throws Exception {
		slowPlan(5000);
		closeAfterTheHead("reorder_items_plan", "{\"task_ids\":[\"%s\",\"%s\"]}".formatted(SECOND, FIRST));
		// the close is noticed by the second comment after it, about 1.5 s after
		// the call (3 s with a comment a second); the plan's answer comes at 5 s, a
		// margin for a loaded machine, and the write would follow at once
		Thread.sleep(6000);
		deferno.verify(1, getRequestedFor(urlPathEqualTo(PLAN)));
		deferno.verify(0, postRequestedFor(urlPathEqualTo(REORDER)));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void toolCallWhenTheClientClosesTheStreamOfItsOnlyDefernoCallThenAuditedAsGone(CapturedOutput output)
			throws Exception {
		// the call ends well, but no one reads its answer: the audit line must say so
		slowPlan(3000);
		closeAfterTheHead("get_daily_plan", "{}");
		Thread.sleep(4500);
		assertThat(output.getOut().lines().filter((line) -> line.contains("\"tool\":\"get_daily_plan\"")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("\"outcome\":\"ok\"", "\"client_gone\":true");
	}

	@Test
	void toolCallWhenSlowInTheLegacyEraThenOneJsonAnswerAsBefore() throws Exception {
		slowPlan(1500);
		HttpResponse<String> response = this.http.send(request("2025-11-25", """
				{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"reorder_items_plan",\
				"arguments":{"task_ids":["%s","%s"]}}}""".formatted(FIRST, SECOND)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(parse(response.body()).path("result").path("isError").asBoolean()).as(response.body()).isFalse();
	}

	/**
	 * Calls the tool in the 2026-07-28 era and closes the connection once the stream
	 * began.
	 */
	private void closeAfterTheHead(String tool, String arguments) throws Exception {
		byte[] body = """
				{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"%s","arguments":%s,%s}}"""
			.formatted(tool, arguments, McpDualEraTests.META.formatted(""))
			.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nContent-Type: application/json\r\n"
					+ "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: " + McpDualEraTests.MODERN
					+ "\r\nMcp-Method: tools/call\r\nMcp-Name: " + tool + "\r\nContent-Length: " + body.length
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("text/event-stream");
		}
	}

	private static void slowPlan(int millis) {
		stub(get(urlPathEqualTo(PLAN)).willReturn(data("""
				[{"id":"%s","ref":"#1"},{"id":"%s","ref":"#2"}]""".formatted(FIRST, SECOND)).withFixedDelay(millis)));
		stub(post(urlPathEqualTo(REORDER)).willReturn(data("{\"ok\":true}")));
	}

	private static String modernCall() {
		return """
				{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"reorder_items_plan",\
				"arguments":{"task_ids":["%s","%s"]},%s}}""".formatted(SECOND, FIRST,
				McpDualEraTests.META.formatted(""));
	}

	private HttpRequest request(String version, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", version);
		if (version.equals(McpDualEraTests.MODERN)) {
			request.header("Mcp-Method", "tools/call").header("Mcp-Name", "reorder_items_plan");
		}
		return request.build();
	}

	/** The answer's status line and headers, read up to the blank line. */
	private static String head(InputStream in) throws Exception {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

}
