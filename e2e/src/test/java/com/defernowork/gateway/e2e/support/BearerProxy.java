package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP proxy that adds {@code Authorization: Bearer <token>} to every request
 * and forwards it to one target, for clients that cannot send a token themselves (the MCP
 * conformance suite). Everything else, Origin included, passes unchanged; the target sees
 * the proxy's connection, so its Host is the target's.
 */
public final class BearerProxy implements AutoCloseable {

	private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "authorization",
			"expect", "upgrade", "transfer-encoding", "keep-alive");

	private final HttpServer server;

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final URI target;

	private final String token;

	private BearerProxy(URI target, String token) throws IOException {
		this.target = target;
		this.token = token;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::forward);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.start();
	}

	public static BearerProxy to(String targetUrl, String token) {
		try {
			return new BearerProxy(URI.create(targetUrl), token);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The MCP URL to give the client: {@code http://localhost:<port>/mcp}. */
	public String url() {
		return "http://localhost:" + this.server.getAddress().getPort() + this.target.getRawPath();
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			HttpRequest.Builder request = HttpRequest.newBuilder(this.target)
				.timeout(Duration.ofSeconds(60))
				.method(exchange.getRequestMethod(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			request.header("Authorization", "Bearer " + this.token);
			HttpResponse<byte[]> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			response.headers().map().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, List.copyOf(values));
				}
			});
			byte[] answer = response.body();
			exchange.sendResponseHeaders(response.statusCode(), (answer.length > 0) ? answer.length : -1);
			if (answer.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
