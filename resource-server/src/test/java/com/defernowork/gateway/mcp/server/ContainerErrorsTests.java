package com.defernowork.gateway.mcp.server;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;
import com.defernowork.gateway.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** What Tomcat refuses before /mcp sees it, in the whole application. */
@ExtendWith(OutputCaptureExtension.class)
class ContainerErrorsTests extends McpToolTestSupport {

	@Test
	void mcpWhenTomcatRefusesThePathThenJsonRpcErrorWithoutIdNotTomcatsPage() throws Exception {
		URI base = URI.create("http://127.0.0.1:" + this.port);
		for (String path : List.of("/mcp%2F", "/mcp%", "/mcp%2fx")) {
			String answer = RawHttp.exchange(base, "POST", path, Map.of("Content-Type", "application/json"),
					"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
			assertThat(answer).as(path)
				.startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/json")
				.containsIgnoringCase("X-Content-Type-Options: nosniff");
			assertThat(RawHttp.body(answer)).as(path)
				.isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":"
						+ "\"The HTTP request is malformed (its path or query, a header or its framing) and was refused\"}}");
		}
	}

	@Test
	void mcpWhenTheRequestAsksForATransferCodingOrHttpVersionTomcatLacksThenInvalidRequestNotInternalError()
			throws Exception {
		// what the request asked for, as nginx answers it: not a failure of the server
		Map<String, String> refused = Map.of("POST /mcp HTTP/1.1\r\nTransfer-Encoding: gzip\r\n", "HTTP/1.1 501",
				"POST /mcp HTTP/1.2\r\nContent-Length: 0\r\n", "HTTP/1.1 505");
		for (Map.Entry<String, String> each : refused.entrySet()) {
			String answer;
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout(10_000);
				socket.getOutputStream()
					.write((each.getKey() + "Host: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			assertThat(answer).as(each.getKey()).startsWith(each.getValue());
			assertThat(RawHttp.body(answer)).as(each.getKey()).contains("\"code\":-32600");
		}
	}

	@Test
	void mcpWhenMoreHeaderFieldsThanTomcatTakesThenJsonRpcErrorSayingSo() throws Exception {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		for (int i = 0; i < 500; i++) {
			headers.put("X-H" + i, "v");
		}
		String answer = RawHttp.exchange(URI.create("http://127.0.0.1:" + this.port), "POST", "/mcp", headers,
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(RawHttp.body(answer)).isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":"
				+ "\"The request has more header fields than the 100 this server accepts; send fewer\"}}");
	}

	@Test
	void mcpWhenAHeaderIsTooLargeThenJsonRpcErrorAndNoStackTraceInTheLog(CapturedOutput output) throws Exception {
		String answer = RawHttp.exchange(URI.create("http://127.0.0.1:" + this.port), "POST", "/mcp",
				Map.of("Content-Type", "application/json", "X-Big", "a".repeat(50_000)),
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

		assertThat(answer).startsWith("HTTP/1.1 431");
		assertThat(RawHttp.body(answer)).isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":"
				+ "\"The request's line and header fields together are larger than the 40960 bytes this server "
				+ "accepts; send fewer or shorter ones\"}}");
		// the client's mistake, answered: Tomcat's first report of it is a stack trace
		assertThat(output.getAll()).doesNotContain("Error parsing HTTP request header", "\tat org.apache");
	}

}
