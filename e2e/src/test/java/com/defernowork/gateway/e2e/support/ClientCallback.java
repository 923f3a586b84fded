package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * A client's loopback redirect target for browser tests: a page saying the browser is
 * back at the client, so the browser lands somewhere real with the code in its address.
 */
public final class ClientCallback implements AutoCloseable {

	private final HttpServer server;

	private ClientCallback(HttpServer server) {
		this.server = server;
	}

	public static ClientCallback start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/callback", (exchange) -> {
			byte[] page = "<!doctype html><title>client</title><p>Back at the client.".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		server.start();
		return new ClientCallback(server);
	}

	/** The redirect URI to register: {@code http://127.0.0.1:<port>/callback}. */
	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/callback";
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
