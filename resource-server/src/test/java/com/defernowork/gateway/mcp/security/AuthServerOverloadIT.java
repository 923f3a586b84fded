package com.defernowork.gateway.mcp.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The token check as the application wires it (real HTTP client stack, pool and cache)
 * against a stand-in authorization server with two worker threads that is first far too
 * slow for its load, then fast again: during the overload every check ends within the
 * caller's budget (an answer or a "try again"), right after it the next check gets its
 * answer within the budget, and concurrent requests carrying one token cost one
 * introspection.
 */
class AuthServerOverloadIT {

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private static final Duration BUDGET = Duration.ofSeconds(1);

	/**
	 * Scheduling slack on a busy 2-core machine; far below the read timeout a stalled
	 * call would take.
	 */
	private static final Duration SLACK = Duration.ofMillis(1500);

	private final AtomicLong delayMillis = new AtomicLong();

	private final Map<String, AtomicInteger> introspections = new ConcurrentHashMap<>();

	private final AtomicInteger inProgress = new AtomicInteger();

	/** When the stand-in last began or finished a request ({@link System#nanoTime()}). */
	private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

	private final ExecutorService serverThreads = Executors.newFixedThreadPool(2);

	private final ExecutorService callers = Executors.newFixedThreadPool(40);

	private HttpServer authServer;

	private CachingOpaqueTokenIntrospector introspector;

	@BeforeEach
	void start() throws IOException {
		this.authServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
		this.authServer.createContext("/oauth2/introspect", this::introspect);
		this.authServer.setExecutor(this.serverThreads);
		this.authServer.start();
		McpSecurityProperties properties = new McpSecurityProperties("https://mcp.example.test",
				"http://localhost:9000", "http://127.0.0.1:" + this.authServer.getAddress().getPort(), "rs", "secret",
				McpSecurityProperties.TokenFormat.OPAQUE,
				new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMillis(500),
						Duration.ofMinutes(10), 1000),
				List.of(), List.of(), Duration.ofSeconds(1), Duration.ofSeconds(4), BUDGET, 200, true, 600);
		TokenValidationConfig config = new TokenValidationConfig();
		AuthServerHttp http = config.authServerHttp(RestClient.builder(),
				new OutboundHttp(HttpClientSettings.defaults()), properties, config.authServerAnswers(properties));
		this.introspector = config.cachingOpaqueTokenIntrospector(http, properties);
	}

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		this.authServer.stop(0);
		this.serverThreads.shutdownNow();
	}

	@Test
	void introspectWhenAuthServerWasOverloadedThenNextCheckWithinBudgetAndOneCallPerToken() throws Exception {
		// overload: each answer takes 2 s on one of two threads, while 40 callers keep
		// asking about 20 tokens
		this.delayMillis.set(2000);
		Instant overloadEnds = Instant.now().plusSeconds(4);
		List<Future<Duration>> overloaded = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String token = "busy-" + (i % 20);
			overloaded.add(this.callers.submit(() -> {
				Duration slowest = Duration.ZERO;
				while (Instant.now().isBefore(overloadEnds)) {
					Duration took = timed(() -> checkOrUnavailable(token)).took();
					slowest = (took.compareTo(slowest) > 0) ? took : slowest;
				}
				return slowest;
			}));
		}
		for (Future<Duration> caller : overloaded) {
			assertThat(caller.get()).as("slowest check during the overload").isLessThan(BUDGET.plus(SLACK));
		}
		int duringOverload = total();
		// one question per token at a time, and a failed one not asked again for the
		// error TTL: each of the 20 tokens is asked a few times in 4 s, not once per
		// caller and retry (40 callers, a retry every second)
		assertThat(duringOverload).as("introspections asked during the overload").isLessThanOrEqualTo(20 * 3);

		// the authorization server is fast again and has finished what it was still
		// working on (it is idle):
		// the next check answers within its budget
		this.delayMillis.set(0);
		awaitIdleAuthServer();
		Timed<OAuth2AuthenticatedPrincipal> next = timed(() -> this.introspector.introspect("after-overload"));
		assertThat(next.value().getName()).isEqualTo("u-after-overload");
		assertThat(next.took()).isLessThan(BUDGET.plus(SLACK));

		// a token that failed during the overload works again once its error TTL is over
		Timed<OAuth2AuthenticatedPrincipal> retried = timed(() -> {
			OAuth2AuthenticatedPrincipal principal = null;
			while (principal == null) {
				principal = checkOrUnavailable("busy-0");
			}
			return principal;
		});
		assertThat(retried.took()).isLessThan(BUDGET.plus(SLACK).plusMillis(500));

		// 40 concurrent requests carrying one new token: one introspection
		this.delayMillis.set(300);
		List<Future<OAuth2AuthenticatedPrincipal>> same = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			same.add(this.callers.submit(() -> this.introspector.introspect("shared")));
		}
		for (Future<OAuth2AuthenticatedPrincipal> answer : same) {
			assertThat(answer.get().getName()).isEqualTo("u-shared");
		}
		assertThat(this.introspections.get("shared")).hasValue(1);
	}

	/**
	 * Idle: nothing in progress and nothing begun or finished for 200 ms. Requests queued
	 * behind the stand-in's two threads are not in progress yet, so a moment with none in
	 * progress alone does not mean that the queue is drained.
	 */
	private void awaitIdleAuthServer() {
		await("the stand-in has finished what it was working on").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> idleFor(Duration.ofMillis(200)));
	}

	private boolean idleFor(Duration quiet) {
		return this.inProgress.get() == 0 && System.nanoTime() - this.lastActivity.get() >= quiet.toNanos();
	}

	private OAuth2AuthenticatedPrincipal checkOrUnavailable(String token) {
		try {
			return this.introspector.introspect(token);
		}
		catch (OAuth2IntrospectionException unavailable) {
			// what the filter chain turns into 503 + Retry-After
			return null;
		}
	}

	private int total() {
		return this.introspections.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	private void introspect(HttpExchange exchange) throws IOException {
		this.inProgress.incrementAndGet();
		this.lastActivity.set(System.nanoTime());
		try {
			answer(exchange);
		}
		finally {
			this.lastActivity.set(System.nanoTime());
			this.inProgress.decrementAndGet();
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String token = URLDecoder.decode(body.substring(body.indexOf("token=") + 6), StandardCharsets.UTF_8);
		this.introspections.computeIfAbsent(token, (t) -> new AtomicInteger()).incrementAndGet();
		try {
			Thread.sleep(this.delayMillis.get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		byte[] answer = """
				{"active":true,"sub":"u-%s","client_id":"mcp-client","scope":"profile:read","aud":["%s"],"exp":%d}"""
			.formatted(token, RESOURCE, Instant.now().plusSeconds(3600).getEpochSecond())
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	private static <T> Timed<T> timed(ThrowingSupplier<T> action) throws Exception {
		long start = System.nanoTime();
		T value = action.get();
		return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
	}

	private interface ThrowingSupplier<T> {

		T get() throws Exception;

	}

	private record Timed<T>(T value, Duration took) {
	}

}
