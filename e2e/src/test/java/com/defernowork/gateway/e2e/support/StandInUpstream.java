package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny stand-in for one of the applications behind nginx: answers every request with
 * JSON naming itself and echoing the path and headers it received, with a trace id of its
 * own in {@code X-Trace-Id} as the applications answer theirs; {@code /mcp/stream}
 * answers a slow event stream instead.
 */
public final class StandInUpstream implements AutoCloseable {

	/** The pause between the two events of {@code /mcp/stream}. */
	public static final long STREAM_PAUSE_MILLIS = 2000;

	/**
	 * The HSTS header every stand-in answer carries, as an application behind nginx might
	 * send it.
	 */
	public static final String UPSTREAM_HSTS = "max-age=300";

	private final HttpServer server;

	private final AtomicInteger requests;

	private final String name;

	private StandInUpstream(HttpServer server, AtomicInteger requests, String name) {
		this.server = server;
		this.requests = requests;
		this.name = name;
	}

	public static StandInUpstream start(String name) {
		return start(name, 0);
	}

	/** A stand-in on {@code port} (0: any free one), as a restarted server comes back. */
	public static StandInUpstream start(String name, int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			AtomicInteger requests = new AtomicInteger();
			server.createContext("/", exchange -> {
				requests.incrementAndGet();
				answer(name, exchange);
			});
			server.start();
			return new StandInUpstream(server, requests, name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** How many requests have reached this stand-in, their bodies complete or not. */
	public int requests() {
		return this.requests.get();
	}

	/** The trace id every answer of this stand-in names in {@code X-Trace-Id}. */
	public String traceId() {
		return traceId(this.name);
	}

	private static String traceId(String name) {
		return HexFormat.of().formatHex(Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16));
	}

	public String address() {
		return "127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static void answer(String name, HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (exchange.getRequestURI().getPath().equals("/mcp/stream")) {
				stream(exchange);
				return;
			}
			Map<String, Object> echo = new LinkedHashMap<>();
			echo.put("who", name);
			echo.put("method", exchange.getRequestMethod());
			echo.put("path", exchange.getRequestURI().toString());
			echo.put("bodyLength", body.length);
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((key, values) -> headers.put(key.toLowerCase(), String.join(",", values)));
			echo.put("headers", headers);
			byte[] json = JsonMapper.builder().build().writeValueAsBytes(echo);
			exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
			exchange.getResponseHeaders().put("Mcp-Session-Id", List.of("session-from-" + name));
			exchange.getResponseHeaders()
				.put("WWW-Authenticate", List.of("Bearer resource_metadata=\"from-" + name + "\""));
			// as Spring Security does on a request it sees as https: nginx must not pass
			// on a second HSTS header
			exchange.getResponseHeaders().put("Strict-Transport-Security", List.of(UPSTREAM_HSTS));
			exchange.getResponseHeaders().put("X-Content-Type-Options", List.of("nosniff"));
			exchange.getResponseHeaders().put("X-Trace-Id", List.of(traceId(name)));
			exchange.sendResponseHeaders(200, json.length);
			exchange.getResponseBody().write(json);
		}
	}

	private static void stream(HttpExchange exchange) throws IOException {
		exchange.getResponseHeaders().put("Content-Type", List.of("text/event-stream"));
		// as the MCP SDK's transport answers a stream
		exchange.getResponseHeaders().put("X-Accel-Buffering", List.of("no"));
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
		try {
			Thread.sleep(STREAM_PAUSE_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

}
