package com.defernowork.gateway.auth.storage.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.HealthCheck;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;
import com.defernowork.gateway.testsupport.redis.RedisProcess;
import com.defernowork.gateway.testsupport.redis.RedisSentinelLauncher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auth server configured the Spring Boot way for a Redis Cluster or Sentinel, with
 * {@code REDIS_URL} present but empty as a compose file passes it: the whole OAuth flow
 * works, and across a Sentinel failover registrations and grants are kept.
 */
class RedisTopologiesIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	@Test
	void flowWhenClusterNodesConfiguredAndRedisUrlEmptyThenRegisterAuthorizeRefreshIntrospectRevoke() {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start();
				RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
						Map.of("REDIS_URL", "", "spring.data.redis.cluster.nodes", cluster.nodesProperty(),
								"auth.rs-client.id", "rs-cluster", "auth.rs-client.secret", "s3cret"))) {
			Session session = new Session(server, "rs-cluster");
			Map<String, Object> tokens = session.authorize();
			Map<String, Object> refreshed = session.refresh(tokens);
			assertThat(session.active(refreshed)).isTrue();
			assertThat(session.active(tokens)).isFalse();

			assertThat(session.flow.revoke(session.clientId, (String) refreshed.get("refresh_token")).statusCode())
				.isEqualTo(200);
			assertThat(session.active(refreshed)).isFalse();
			assertThat(cluster.nodes()).allSatisfy((node) -> assertThat(node.isAlive()).isTrue());
		}
	}

	@Test
	void healthWhenAClusterPrimaryIsDownThenRedisDownEvenWhileTheClusterSaysOk() throws Exception {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start();
				RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
						Map.of("REDIS_URL", "", "spring.data.redis.cluster.nodes", cluster.nodesProperty(),
								"auth.rs-client.id", "rs-cluster", "auth.rs-client.secret", "s3cret",
								"management.server.port", 0))) {
			// the cluster stays "ok" for the slots it still serves, as on a cluster of
			// primaries with replicas before one takes over
			cluster.nodes().forEach((node) -> node.cli("CONFIG", "SET", "cluster-require-full-coverage", "no"));
			HealthCheck.awaitUp(server.managementUrl(), Duration.ofSeconds(30));

			cluster.nodes().get(2).kill();

			HttpClient http = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				Map<String, Object> redis = redisHealth(http, server);
				assertThat(redis).containsEntry("status", "DOWN");
				assertThat(redis.get("details").toString()).contains("slots have no primary that answers")
					.contains("slots_up");
			});
		}
	}

	@Test
	void registrationWhenTheClusterServesNoSlotThen503WithRetryAfterUntilItDoesAgain() {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start();
				RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
						Map.of("REDIS_URL", "", "spring.data.redis.cluster.nodes", cluster.nodesProperty(),
								"spring.data.redis.lettuce.cluster.refresh.period", "500ms", "auth.rs-client.id",
								"rs-cluster", "auth.rs-client.secret", "s3cret"))) {
			RegistrationClient registration = new RegistrationClient(server.baseUrl());
			String request = "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}";
			assertThat(registration.register(request).statusCode()).isEqualTo(201);
			// as a cluster re-created from empty nodes is until it is formed: the driver,
			// once it reads that layout, knows no node for any key
			Map<RedisProcess, String> slots = new java.util.LinkedHashMap<>();
			cluster.nodes().forEach((node) -> slots.put(node, ownSlots(node)));
			cluster.nodes().forEach((node) -> node.cli("CLUSTER", "DELSLOTSRANGE", "0", "16383"));

			long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
			while (System.nanoTime() < until) {
				HttpResponse<String> refused = registration.register(request);
				assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Retry-After")).isPresent();
				assertThat(refused.body()).contains("temporarily_unavailable");
			}

			slots.forEach((node, range) -> node.cli(("CLUSTER ADDSLOTSRANGE " + range).split(" ")));
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> registration.register(request).statusCode() == 201);
		}
	}

	/** The slot range a node of a fresh three-node cluster serves: "first last". */
	private static String ownSlots(RedisProcess node) {
		for (String line : node.cli("CLUSTER", "NODES").split("\\R")) {
			if (line.contains("myself")) {
				String[] fields = line.split(" ");
				return fields[fields.length - 1].replace('-', ' ');
			}
		}
		throw new IllegalStateException("no myself line in CLUSTER NODES");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> redisHealth(HttpClient http, RunningAuthServer server) throws Exception {
		HttpResponse<String> health = http.send(
				HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/health")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return (Map<String, Object>) ((Map<String, Object>) Json.parse(health.body()).get("components")).get("redis");
	}

	@Test
	void flowWhenSentinelConfiguredThenRegistrationsAndGrantsOutliveAFailover() {
		try (RedisSentinelLauncher sentinel = RedisSentinelLauncher.start();
				RunningAuthServer server = onSentinel(sentinel)) {
			Session session = new Session(server, "rs-sentinel");
			Map<String, Object> tokens = session.authorize();

			sentinel.failover();
			// reconnected (meanwhile it answers 503 with Retry-After, as a client
			// retries)
			HealthCheck.awaitUp(server.baseUrl(), Duration.ofSeconds(30));

			assertThat(session.active(tokens)).isTrue();
			Map<String, Object> refreshed = session.refresh(tokens);
			assertThat(session.active(refreshed)).isTrue();
			Session after = new Session(server, "rs-sentinel");
			assertThat(after.active(after.authorize())).isTrue();
		}
	}

	@Test
	void writesWhenTheSentinelsPromoteAReplicaThenTheyGoToItWithinMoments() {
		try (RedisSentinelLauncher sentinel = RedisSentinelLauncher.start();
				RunningAuthServer server = onSentinel(sentinel)) {
			RegistrationClient registration = new RegistrationClient(server.baseUrl());

			RedisProcess promoted = sentinel.promote();

			// the old primary takes writes until the sentinel demotes it (10 s and more
			// later) and then drops them: a registration must reach the new one before
			await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).until(() -> {
				HttpResponse<String> registered = registration
					.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}");
				if (registered.statusCode() != 201) {
					return false;
				}
				String clientId = (String) Json.parse(registered.body()).get("client_id");
				return !promoted.cli("KEYS", "*" + clientId + "*").isBlank();
			});
		}
	}

	/** Configured the Spring Boot way for Sentinel, with an empty REDIS_URL. */
	private static RunningAuthServer onSentinel(RedisSentinelLauncher sentinel) {
		return RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("REDIS_URL", "", "spring.data.redis.sentinel.master", RedisSentinelLauncher.MASTER,
						"spring.data.redis.sentinel.nodes", sentinel.sentinelNodesProperty(), "auth.rs-client.id",
						"rs-sentinel", "auth.rs-client.secret", "s3cret"));
	}

	/** One registered client's way through the flow. */
	private static final class Session {

		final AuthorizationCodeFlow flow;

		final String clientId;

		private final String rsClientId;

		Session(RunningAuthServer server, String rsClientId) {
			this.flow = new AuthorizationCodeFlow(server.baseUrl());
			this.clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT).get("client_id");
			this.rsClientId = rsClientId;
		}

		Map<String, Object> authorize() {
			Pkce pkce = Pkce.s256();
			String code = this.flow.code(AuthorizationCodeFlow.request(this.clientId, REDIRECT, pkce, "s"), "alice");
			return ok(this.flow.exchangeCode(this.clientId, code, pkce, REDIRECT, null));
		}

		Map<String, Object> refresh(Map<String, Object> tokens) {
			return ok(this.flow.refresh(this.clientId, (String) tokens.get("refresh_token"), null));
		}

		boolean active(Map<String, Object> tokens) {
			HttpResponse<String> response = this.flow.introspect((String) tokens.get("access_token"), this.rsClientId,
					"s3cret");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return Boolean.TRUE.equals(Json.parse(response.body()).get("active"));
		}

		private static Map<String, Object> ok(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return Json.parse(response.body());
		}

	}

}
