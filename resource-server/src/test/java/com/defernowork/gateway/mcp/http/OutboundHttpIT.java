package com.defernowork.gateway.mcp.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled connections are reused, but not forever: a new one after the time to live
 * resolves the target again, so calls move to servers added or restarted since.
 */
class OutboundHttpIT {

	private final CopyOnWriteArrayList<Integer> clientPorts = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void requestFactoryWhenCalledAgainWithinTheTimeToLiveThenTheConnectionIsReused() {
		RestClient client = restClient(Duration.ofMinutes(1));
		call(client);
		call(client);
		assertThat(this.clientPorts).hasSize(2).containsOnly(this.clientPorts.getFirst());
	}

	@Test
	void requestFactoryWhenTheConnectionOutlivesItsTimeToLiveThenTheNextCallOpensANewOne() {
		Duration ttl = Duration.ofMillis(300);
		RestClient client = restClient(ttl);
		long start = System.nanoTime();
		call(client);
		long deadline = start + Duration.ofSeconds(10).toNanos();
		while (this.clientPorts.stream().distinct().count() < 2 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			call(client);
		}
		Duration firstConnectionServed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(this.clientPorts.stream().distinct().count()).as("connections opened").isEqualTo(2);
		assertThat(firstConnectionServed).as("the first connection served until its time to live")
			.isGreaterThanOrEqualTo(ttl);
	}

	private RestClient restClient(Duration connectionTtl) {
		return RestClient.builder()
			.requestFactory(new OutboundHttp(HttpClientSettings.defaults(), connectionTtl)
				.requestFactory(Duration.ofSeconds(2), Duration.ofSeconds(2), 1))
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
			.build();
	}

	private static void call(RestClient client) {
		client.get().uri("/").retrieve().toBodilessEntity();
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.clientPorts.add(exchange.getRemoteAddress().getPort());
		exchange.sendResponseHeaders(204, -1);
		exchange.close();
	}

}
