package com.defernowork.gateway.auth.registration;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.auth.support.ShiftedTicker;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.redis.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two auth servers on a Redis of the test's own, which restarts empty (a lost volume, a
 * failover to an empty replica): the resource server's very first introspection at either
 * server works, with no sweep to wait for (it runs once an hour here), and the store
 * holds its client once.
 */
class RsClientRestoreIT {

	private static final String RS_ID = "rs-restore";

	private static final String RS_SECRET = "rs-restore-0123456789-abcdefghijklmn-OPQRSTUVWXYZ";

	private static final String PREFIX = "rs-restore-it:";

	private static final String RESOURCE = "http://localhost:8001/mcp";

	/**
	 * Longer than the few seconds an auth server answers client lookups from memory
	 * ({@code RedisStorageConfig}).
	 */
	private static final Duration CLIENT_MEMORY = Duration.ofSeconds(6);

	private static final ShiftedTicker ticker = new ShiftedTicker();

	private static RedisProcess redis;

	private static RunningAuthServer first;

	private static RunningAuthServer second;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		Map<String, Object> properties = Map.of("REDIS_URL", redis.url(), "auth.redis.key-prefix", PREFIX,
				"auth.rs-client.id", RS_ID, "auth.rs-client.secret", RS_SECRET, "auth.client-reap-interval", "1h",
				"auth.resources", RESOURCE);
		first = RunningAuthServer.start(RunningAuthServer.freePort(), properties, ticker);
		second = RunningAuthServer.start(RunningAuthServer.freePort(), properties, ticker);
	}

	@AfterAll
	static void stop() {
		for (RunningAuthServer server : new RunningAuthServer[] { first, second }) {
			if (server != null) {
				server.close();
			}
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void resourceServerCallsWhenRedisRestartedEmptyThenTheFirstOnEveryServerWorks() throws Exception {
		assertThat(introspect(first).statusCode()).isEqualTo(200);
		assertThat(introspect(second).statusCode()).isEqualTo(200);

		redis.kill();
		redis.restart();
		assertThat(redis.cli("DBSIZE")).isEqualTo("0");
		// both servers connected again (their health reads Redis), without a call as the
		// resource server
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> healthy(first) && healthy(second));
		pastClientMemory();

		CompletableFuture<HttpResponse<String>> atFirst = CompletableFuture.supplyAsync(() -> introspect(first));
		CompletableFuture<HttpResponse<String>> atSecond = CompletableFuture.supplyAsync(() -> introspect(second));
		for (HttpResponse<String> answer : List.of(atFirst.get(), atSecond.get())) {
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			assertThat(Json.parse(answer.body())).containsEntry("active", false);
		}
		// registered again once, whole: one client document, one pointer to it
		assertThat(redis.cli("KEYS", PREFIX + "client:*").lines()).hasSize(1);
		assertThat(redis.cli("KEYS", PREFIX + "client-id:*").lines()).containsExactly(PREFIX + "client-id:" + RS_ID);
		assertThat(redis.cli("GET", PREFIX + "client-id:" + RS_ID))
			.isEqualTo(redis.cli("KEYS", PREFIX + "client:*").substring((PREFIX + "client:").length()));

		// the resource server's other calls authenticate too
		HttpResponse<String> exchange = asResourceServer(second, "/oauth2/token",
				Map.of("grant_type", TokenExchange.GRANT_TYPE, "subject_token", "unknown", "subject_token_type",
						TokenExchange.ACCESS_TOKEN_TYPE, "requested_token_type", TokenExchange.DEFERNO_TOKEN_TYPE,
						"resource", RESOURCE));
		assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(400);
		assertThat(Json.parse(exchange.body())).containsEntry("error", "invalid_request");
		assertThat(asResourceServer(first, "/oauth2/revoke", Map.of("token", "unknown")).statusCode()).isEqualTo(200);
	}

	@Test
	void introspectionWhenWrongSecretAfterRedisLostTheClientThenRefusedAndTheRightOneWorks() throws Exception {
		assertThat(introspect(first).statusCode()).isEqualTo(200);
		redis.cli("FLUSHALL");
		pastClientMemory();

		HttpResponse<String> answer = new Browser().postForm(first.baseUrl() + "/oauth2/introspect",
				Map.of("token", "unknown"), "Authorization", AuthorizationCodeFlow.basic(RS_ID, "not-the-secret"));

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(Json.parse(answer.body())).containsEntry("error", "invalid_client");
		// the lookup put the client back, with the configured secret, which alone works
		assertThat(redis.cli("EXISTS", PREFIX + "client-id:" + RS_ID)).isEqualTo("1");
		assertThat(introspect(first).statusCode()).isEqualTo(200);
	}

	@Test
	void introspectionWhenAnotherServerStartsWithAnotherSecretThenEachServerTakesItsOwn() throws Exception {
		String otherSecret = "rs-rotated-9876543210-zyxwvutsrqponm-ABCDEFGHIJKL";
		Map<String, Object> rotated = Map.of("REDIS_URL", redis.url(), "auth.redis.key-prefix", PREFIX,
				"auth.rs-client.id", RS_ID, "auth.rs-client.secret", otherSecret, "auth.client-reap-interval", "1h",
				"auth.resources", RESOURCE);
		// a typo on one server, or the first of a rolling rotation: it registers the
		// client
		// with its secret, which the others must not take for theirs
		try (RunningAuthServer third = RunningAuthServer.start(RunningAuthServer.freePort(), rotated, ticker)) {
			pastClientMemory();
			assertThat(introspect(first).statusCode()).isEqualTo(200);
			assertThat(introspect(second).statusCode()).isEqualTo(200);
			assertThat(introspect(first, otherSecret).statusCode()).isEqualTo(401);
			assertThat(introspect(third, otherSecret).statusCode()).isEqualTo(200);
			assertThat(introspect(third).statusCode()).isEqualTo(401);
		}
		pastClientMemory();
		assertThat(introspect(first).statusCode()).as("after it stopped").isEqualTo(200);
	}

	/**
	 * Moves the servers' time past their memory of the client: lookups then read Redis.
	 */
	private static void pastClientMemory() {
		ticker.advance(CLIENT_MEMORY);
	}

	private static HttpResponse<String> introspect(RunningAuthServer server) {
		return introspect(server, RS_SECRET);
	}

	private static HttpResponse<String> introspect(RunningAuthServer server, String secret) {
		return new Browser().postForm(server.baseUrl() + "/oauth2/introspect", Map.of("token", "unknown"),
				"Authorization", AuthorizationCodeFlow.basic(RS_ID, secret));
	}

	private static HttpResponse<String> asResourceServer(RunningAuthServer server, String path,
			Map<String, String> form) {
		return new Browser().postForm(server.baseUrl() + path, form, "Authorization",
				AuthorizationCodeFlow.basic(RS_ID, RS_SECRET));
	}

	private static boolean healthy(RunningAuthServer server) {
		return new Browser().get(server.baseUrl() + "/actuator/health").statusCode() == 200;
	}

}
