package com.defernowork.gateway.mcp.server;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /mcp} over real HTTP with the application's own security chain, without a token:
 * what the transport rules answer before any token is asked for (with the headers the
 * security chain would have added, and the CORS headers an allowed origin needs to read
 * them), and the CORS preflight.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp.activity.enabled=false", "deferno.base-url=http://127.0.0.1:9/api" })
class McpEndpointSecuredIT {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void requestWhenNotPostAndNoTokenThen405OptionsIncluded() throws Exception {
		// OPTIONS without CORS headers is not a preflight: 405 like the others, not 401
		for (String method : List.of("OPTIONS", "GET", "DELETE", "PUT", "PATCH")) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint())
				.method(method, HttpRequest.BodyPublishers.noBody())
				.header("Origin", "http://localhost:6274"));
			assertThat(response.statusCode()).as(method + ": " + response.body()).isEqualTo(405);
			assertThat(response.headers().firstValue("Allow")).as(method).hasValue("POST");
			JsonNode body = JsonMapper.shared().readTree(response.body());
			assertThat(body.path("error").path("code").asInt()).as(method).isEqualTo(-32600);
		}
	}

	@Test
	void preflightWhenLoopbackOriginThenAnsweredByTheCorsSetUp() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint())
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://localhost:6274")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type,mcp-protocol-version"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:6274");
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).contains("POST"));
	}

	@Test
	void postWhenNoTokenThenStillChallenged() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint())
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
	}

	@Test
	void refusalWhenWrittenBeforeTheSecurityChainThenStillNotStoredNorSniffed() throws Exception {
		// 404 and 405 are even cacheable by default (RFC 9111 §4.2.2)
		for (HttpRequest.Builder request : refusedBeforeTheSecurityChain()) {
			HttpResponse<String> response = send(request);
			String what = response.request().method() + " " + response.request().uri() + " -> " + response.statusCode();
			assertThat(response.statusCode()).as(what).isIn(404, 405, 406, 413, 415);
			assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
			assertThat(JsonMapper.shared().readTree(response.body()).path("error").path("code").asInt()).as(what)
				.isEqualTo(-32600);
		}
	}

	@Test
	void refusalWhenWrittenBeforeTheSecurityChainThenReadableByAnAllowedOrigin() throws Exception {
		// a browser client must read why (GET is what the TypeScript SDK tries after
		// connecting), not get a network error
		List<HttpRequest.Builder> refused = new ArrayList<>(refusedBeforeTheSecurityChain());
		refused.add(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/.well-known/oauth-protected-resource/x"))
			.GET());
		// sent without a preflight, as GET is
		refused.add(HttpRequest.newBuilder(endpoint()).HEAD());
		for (HttpRequest.Builder request : refused) {
			HttpResponse<String> response = send(request.setHeader("Origin", "http://localhost:6274"));
			String what = response.request().method() + " " + response.request().uri() + " -> " + response.statusCode();
			assertThat(response.statusCode()).as(what).isIn(404, 405, 406, 413, 415);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(what)
				.hasValue("http://localhost:6274");
			assertThat(response.headers().allValues("Vary")).as(what)
				.anySatisfy((vary) -> assertThat(vary).contains("Origin"));
		}
	}

	@Test
	void metadataWhenAnAllowedOriginSendsAMethodItDoesNotTakeThenItsOwn405NotAPlainTextRefusal() throws Exception {
		HttpResponse<String> answer = send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/.well-known/oauth-protected-resource/mcp"))
			.header("Origin", "http://localhost:6274")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(405);
		assertThat(answer.body()).doesNotContain("Invalid CORS request");
	}

	/** Requests the transport rules refuse before any token is asked for. */
	private List<HttpRequest.Builder> refusedBeforeTheSecurityChain() {
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
		return List.of(HttpRequest.newBuilder(endpoint()).GET(),
				post(endpoint(), ping).setHeader("Content-Type", "text/plain"),
				post(endpoint(), ping).setHeader("Accept", "text/html"),
				post(endpoint(), ping).setHeader("Content-Encoding", "gzip"),
				post(endpoint(), "[" + "1,".repeat(600_000) + "1]"), post(URI.create(endpoint() + "/x"), ping));
	}

	@Test
	void postWhenChunkedBodyIsMalformedThenJsonRpcInvalidRequestNotBootsErrorDocument() throws Exception {
		String answer = exchange(
				"POST /mcp HTTP/1.1\r\nContent-Type: application/json\r\n"
						+ "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n",
				"zz\r\n{}\r\n0\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Cache-Control: no-store");
		assertThat(jsonRpcError(answer).path("message").stringValue()).contains("malformed");
	}

	@Test
	void traceWhenTheContainerRefusesItThen405JsonRpcWithAllowPost() throws Exception {
		for (String path : List.of("/mcp", "/mcp/", "/mcp/x")) {
			String answer = exchange("TRACE " + path + " HTTP/1.1\r\n", "");
			assertThat(answer).as(path)
				.startsWith("HTTP/1.1 405")
				.containsIgnoringCase("Allow: POST\r\n")
				.containsIgnoringCase("Cache-Control: no-store");
			assertThat(jsonRpcError(answer).path("message").stringValue()).as(path).isNotBlank();
		}
	}

	@Test
	void postWhenAPathParameterCannotBeDecodedThen400JsonRpcNotAServerError() throws Exception {
		for (String path : List.of("/mcp;%zz", "/%6Dcp;%zz")) {
			String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
			String answer = exchange("POST " + path + " HTTP/1.1\r\nContent-Type: application/json\r\n"
					+ "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length() + "\r\n", body);
			assertThat(answer).as(path).startsWith("HTTP/1.1 400");
			assertThat(jsonRpcError(answer).path("message").stringValue()).as(path).isNotBlank();
		}
	}

	@Test
	void metadataWhenAnUnknownMethodIsRefusedThenOAuthsErrorNotBootsDocument() throws Exception {
		HttpResponse<String> answer = send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/.well-known/oauth-protected-resource/mcp"))
			.method("FOO", HttpRequest.BodyPublishers.noBody()));
		assertThat(answer.statusCode()).isEqualTo(400);
		JsonNode body = JsonMapper.shared().readTree(answer.body());
		assertThat(body.path("error").stringValue()).isEqualTo("invalid_request");
		assertThat(body.path("error_description").stringValue()).isNotBlank();
		assertThat(body.has("timestamp")).as(answer.body()).isFalse();
		assertThat(body.has("path")).as(answer.body()).isFalse();
	}

	/** One exchange over a socket: what an HTTP client would not send. */
	private String exchange(String head, String body) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write((head + "Host: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n\r\n" + body)
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The error of a JSON-RPC answer without an id, -32600. */
	private static JsonNode jsonRpcError(String answer) {
		JsonNode body = JsonMapper.shared().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
		assertThat(body.path("jsonrpc").stringValue()).as(answer).isEqualTo("2.0");
		assertThat(body.has("id")).as(answer).isFalse();
		assertThat(body.path("error").path("code").asInt()).as(answer).isEqualTo(-32600);
		return body.path("error");
	}

	private static HttpRequest.Builder post(URI uri, String body) {
		return HttpRequest.newBuilder(uri)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream");
	}

	private URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port + "/mcp");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
