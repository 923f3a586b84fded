package com.defernowork.gateway.mcp.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.web.http.DeadlineExceededException.Stage;
import com.defernowork.gateway.mcp.support.FullBacklog;
import com.defernowork.gateway.mcp.support.SlowServer;
import com.defernowork.gateway.mcp.support.SlowServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import com.defernowork.gateway.web.http.DeadlineExceededException;
import com.defernowork.gateway.web.http.ExchangeDeadline;

/**
 * Pooled connections are reused, but not forever, and a new one goes to an address of the
 * target's name picked at random: calls spread over every server the name stands for. A
 * request with a deadline ends by it whatever the server does, and gives its connection
 * back.
 */
class OutboundHttpIT {

	/** Stands for two servers, as a compose service name does for its replicas. */
	private static final String TWO_SERVERS = "auth-servers.test";

	private final List<HttpServer> servers = new ArrayList<>();

	private final List<ClientHttpRequestFactory> factories = new ArrayList<>();

	private final CopyOnWriteArrayList<Integer> clientPorts = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> callsByServer = new ConcurrentHashMap<>();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (ClientHttpRequestFactory factory : this.factories) {
			((DisposableBean) factory).destroy();
		}
		this.servers.forEach((server) -> server.stop(0));
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void requestFactoryWhenCalledAgainWithinTheTimeToLiveThenTheConnectionIsReused() throws IOException {
		RestClient client = restClient(Duration.ofMinutes(1), "127.0.0.1", start("127.0.0.1", 0));
		call(client);
		call(client);
		assertThat(this.clientPorts).hasSize(2).containsOnly(this.clientPorts.getFirst());
	}

	@Test
	void requestFactoryWhenTheConnectionOutlivesItsTimeToLiveThenTheNextCallOpensANewOne() throws IOException {
		Duration ttl = Duration.ofMillis(300);
		RestClient client = restClient(ttl, "127.0.0.1", start("127.0.0.1", 0));
		long start = System.nanoTime();
		call(client);
		callUntil(client, () -> this.clientPorts.stream().distinct().count() >= 2);
		Duration firstConnectionServed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(this.clientPorts.stream().distinct().count()).as("connections opened").isEqualTo(2);
		assertThat(firstConnectionServed).as("the first connection served until its time to live")
			.isGreaterThanOrEqualTo(ttl);
	}

	@Test
	void requestFactoryWhenANameStandsForSeveralServersThenNewConnectionsReachEach() throws IOException {
		// the same port on two loopback addresses, one server each
		int port = start("127.0.0.1", 0);
		start("127.0.0.2", port);
		RestClient client = restClient(Duration.ofMillis(50), TWO_SERVERS, port);
		callUntil(client, () -> this.callsByServer.size() == 2);
		assertThat(this.callsByServer).as("calls per server").containsOnlyKeys("127.0.0.1", "127.0.0.2");
	}

	@Test
	void requestFactoryWhenLessThanAMillisecondIsLeftThenTheRequestStillTimesOutAtOnce() throws IOException {
		// HttpClient reads a timeout of 0 ms as none: a bound under a millisecond must
		// not become "wait for ever"
		HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
		silent.createContext("/", (exchange) -> {
			LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
			exchange.close();
		});
		silent.start();
		this.servers.add(silent);
		ClientHttpRequestFactory factory = new OutboundHttp(HttpClientSettings.defaults())
			.requestFactory(Duration.ofSeconds(2), Duration.ofSeconds(10), 1, () -> Duration.ofNanos(400_000));
		this.factories.add(factory);
		RestClient client = RestClient.builder()
			.requestFactory(factory)
			.baseUrl("http://127.0.0.1:" + silent.getAddress().getPort())
			.build();
		long start = System.nanoTime();

		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri("/").retrieve().toBodilessEntity());

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void requestFactoryWhenTheAnswersBodyTricklesPastTheTimeLeftThenTheRequestEndsByThen() throws IOException {
		// a byte every 100 ms: no read ever waits long, the body never ends in time
		SlowServer server = slowServer(Answer.AT_ONCE);
		AtomicReference<Duration> timeLeft = new AtomicReference<>(Duration.ofSeconds(10));
		RestClient client = deadlineClient(Duration.ofSeconds(2), Duration.ofSeconds(10), 2, timeLeft::get,
				server.baseUrl());
		// a first call warms the client and keeps its connection, so that the head comes
		// well within the time left even on a cold, loaded machine
		assertThat(read(client)).contains("\"ok\":true");
		server.answer(Answer.BODY_TRICKLED);
		timeLeft.set(Duration.ofSeconds(1));
		long start = System.nanoTime();

		// the upper bounds here prove the end came from the time left, not from the
		// read timeout or the 20 s the trickle would take
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> read(client))
			.satisfies((ex) -> assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(950),
					Duration.ofMillis(4000)))
			.havingCause()
			.isInstanceOfSatisfying(DeadlineExceededException.class, (deadline) -> {
				assertThat(deadline.stage()).isEqualTo(Stage.READING_ANSWER);
				assertThat(deadline.callersTime()).isTrue();
			});
	}

	@Test
	void requestFactoryWhenTheAnswersHeadTricklesPastTheReadTimeoutThenTheRequestEndsByThen() throws IOException {
		// no time left given: the read timeout bounds the whole answer
		RestClient client = deadlineClient(Duration.ofSeconds(2), Duration.ofMillis(600), 2, () -> null,
				slowServer(Answer.HEAD_TRICKLED).baseUrl());
		long start = System.nanoTime();

		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> read(client))
			.satisfies((ex) -> assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(550),
					Duration.ofMillis(4000)))
			.havingCause()
			.isInstanceOfSatisfying(DeadlineExceededException.class, (deadline) -> {
				assertThat(deadline.stage()).isEqualTo(Stage.AWAITING_ANSWER);
				assertThat(deadline.callersTime()).isFalse();
			});
	}

	@Test
	void requestFactoryWhenNoConnectionOpensBeforeTheTimeLeftEndsThenTheRequestEndsByThenUnsent() throws IOException {
		try (FullBacklog hanging = new FullBacklog()) {
			RestClient client = deadlineClient(Duration.ofSeconds(10), Duration.ofSeconds(10), 2,
					() -> Duration.ofMillis(500), hanging.baseUrl());
			long start = System.nanoTime();

			assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> read(client))
				.satisfies((ex) -> assertThat(Duration.ofNanos(System.nanoTime() - start))
					.isBetween(Duration.ofMillis(450), Duration.ofMillis(4000)))
				.havingCause()
				.isInstanceOfSatisfying(DeadlineExceededException.class, (deadline) -> {
					assertThat(deadline.stage()).isEqualTo(Stage.CONNECTING);
					assertThat(deadline.stage().mayHaveArrived()).isFalse();
				});
		}
	}

	@Test
	void requestFactoryWhenRequestsWereEndedByTheirDeadlineThenTheirConnectionsAreClosedAndThePoolServesAtOnce()
			throws IOException {
		SlowServer server = slowServer(Answer.BODY_TRICKLED);
		// one connection, and a second's wait for it at most: one kept by an ended
		// request would fail the last call
		RestClient client = deadlineClient(Duration.ofSeconds(1), Duration.ofSeconds(10), 1,
				() -> Duration.ofMillis(300), server.baseUrl());
		long start = System.nanoTime();
		for (int i = 0; i < 6; i++) {
			server.answer((i % 2 == 0) ? Answer.BODY_TRICKLED : Answer.HEAD_TRICKLED);
			assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> read(client))
				.withCauseInstanceOf(DeadlineExceededException.class);
		}
		// not six read timeouts (60 s)
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		server.answer(Answer.AT_ONCE);

		// a connection kept by an ended request would leave this call waiting a second
		// for the pool, then failing
		assertThat(read(client)).contains("\"ok\":true");

		// each ended request closed its connection, so the server stopped sending
		assertThat(server.accepted()).isEqualTo(7);
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> server.open() <= 1);
	}

	@Test
	void requestFactoryWhenRequestsEndInTimeThenNoDeadlineOfTheirsStaysPending() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
		server.createContext("/", (exchange) -> {
			byte[] body = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		this.servers.add(server);
		RestClient client = deadlineClient(Duration.ofSeconds(2), Duration.ofSeconds(30), 2,
				() -> Duration.ofSeconds(55), "http://127.0.0.1:" + server.getAddress().getPort());
		for (int i = 0; i < 20; i++) {
			assertThat(read(client)).isEqualTo("{\"items\":[]}");
			assertThat(client.get().uri("/items").retrieve().body(String.class)).isEqualTo("{\"items\":[]}");
			client.get().uri("/items").retrieve().toBodilessEntity();
		}
		// a deadline left pending would hold its request's objects until it fires
		assertThat(ExchangeDeadline.pending()).isZero();
	}

	/** The answer to {@code GET /items}, read as the Deferno client reads one. */
	private static String read(RestClient client) {
		return client.get()
			.uri("/items")
			.exchange((request, response) -> new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
	}

	private SlowServer slowServer(Answer answer) throws IOException {
		SlowServer server = new SlowServer(answer);
		this.closeables.add(server);
		return server;
	}

	/** A client over the deadline-bound factory, {@code /api} its base. */
	private RestClient deadlineClient(Duration connectTimeout, Duration readTimeout, int maxConnections,
			Supplier<Duration> timeLeft, String baseUrl) {
		ClientHttpRequestFactory factory = new OutboundHttp(HttpClientSettings.defaults())
			.requestFactory(connectTimeout, readTimeout, maxConnections, timeLeft);
		this.factories.add(factory);
		return RestClient.builder().requestFactory(factory).baseUrl(baseUrl).build();
	}

	private int start(String address, int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 10);
		server.createContext("/", (exchange) -> {
			this.clientPorts.add(exchange.getRemoteAddress().getPort());
			this.callsByServer.computeIfAbsent(address, (key) -> new AtomicInteger()).incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		this.servers.add(server);
		return server.getAddress().getPort();
	}

	private RestClient restClient(Duration connectionTtl, String host, int port) {
		DnsResolver dns = new SystemDefaultDnsResolver() {
			@Override
			public InetAddress[] resolve(String name) throws UnknownHostException {
				return name.equals(TWO_SERVERS)
						? new InetAddress[] { InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2") }
						: super.resolve(name);
			}
		};
		ClientHttpRequestFactory factory = new OutboundHttp(HttpClientSettings.defaults(), connectionTtl, dns)
			.requestFactory(Duration.ofSeconds(2), Duration.ofSeconds(2), 1);
		this.factories.add(factory);
		return RestClient.builder().requestFactory(factory).baseUrl("http://" + host + ":" + port).build();
	}

	/** Calls every 20 ms until {@code done}, for at most 10 s. */
	private static void callUntil(RestClient client, BooleanSupplier done) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!done.getAsBoolean() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			call(client);
		}
	}

	private static void call(RestClient client) {
		client.get().uri("/").retrieve().toBodilessEntity();
	}

}
