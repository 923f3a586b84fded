package com.defernowork.gateway.auth.storage.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;
import com.defernowork.gateway.testsupport.redis.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auth server as the Redis user docs/operations.md tells an operator of a shared
 * Redis to give it: its own keys only, no administrative or otherwise dangerous command
 * but {@code INFO}. Every part of the server that touches Redis works under it, on a
 * Redis of the test's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisAclIT {

	private static final String REDIRECT = "https://app.example/oauth/callback";

	/** Word for word docs/operations.md's command, but the password. */
	private static final List<String> ACL = List.of("ACL", "SETUSER", "deferno-gateway", "on", ">acl-it-password",
			"resetkeys", "~deferno:auth:*", "resetchannels", "+@all", "-@dangerous", "+info");

	@Test
	void serverWhenItsRedisUserHasOnlyTheDocumentedRightsThenSignInTokensAndHealthWork(CapturedOutput output)
			throws Exception {
		try (RedisProcess redis = RedisProcess.start()) {
			redis.cli(ACL.toArray(String[]::new));
			signInTokensAndHealth(
					Map.of("spring.data.redis.url", "redis://deferno-gateway:acl-it-password@" + redis.address()));
			assertThat(onlyItsKeys(redis)).isPositive();
		}
		assertThat(output.getAll()).doesNotContain("NOPERM", "Could not read Redis's maxmemory-policy");
	}

	@Test
	void serverWhenItsClusterUserHasOnlyTheDocumentedRightsThenSignInTokensAndHealthWork(CapturedOutput output)
			throws Exception {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start()) {
			for (RedisProcess node : cluster.nodes()) {
				node.cli(ACL.toArray(String[]::new));
				// docs/operations.md's one addition for a cluster: a session's new id at
				// sign-in
				// may hash to another slot, where Spring Data moves the key with DUMP and
				// RESTORE
				node.cli("ACL", "SETUSER", "deferno-gateway", "+restore");
			}
			// an empty REDIS_URL as compose passes it: else one the machine exports would
			// lend the cluster its credentials
			signInTokensAndHealth(Map.of("REDIS_URL", "", "spring.data.redis.cluster.nodes", cluster.nodesProperty(),
					"spring.data.redis.username", "deferno-gateway", "spring.data.redis.password", "acl-it-password"));
			assertThat(cluster.nodes().stream().mapToLong(RedisAclIT::onlyItsKeys).sum()).isPositive();
		}
		assertThat(output.getAll()).doesNotContain("NOPERM", "Could not read Redis's maxmemory-policy");
	}

	/**
	 * A right the server needs taken away while it runs (as a cluster user without
	 * {@code +restore} meets at its first sign-in): a 503 with {@code Retry-After} for
	 * client and browser alike, and one ERROR line quoting Redis and saying what to
	 * change, where the servlet container answered 500 and logged a stack trace.
	 */
	@Test
	void serverWhenItsRedisUserLacksACommandThen503AndTheLogSaysWhatToChange(CapturedOutput output) throws Exception {
		try (RedisProcess redis = RedisProcess.start();
				RunningAuthServer server = startAs(redis, Map.of("spring.data.redis.url",
						"redis://deferno-gateway:acl-it-password@" + redis.address()))) {
			String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT)
				.get("client_id");
			AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
			Pkce pkce = Pkce.s256();
			String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
			String refreshToken = (String) Json.parse(flow.exchangeCode(clientId, code, pkce, REDIRECT, null).body())
				.get("refresh_token");

			// grants are read and written by scripts; a sign-in renames the session
			redis.cli("ACL", "SETUSER", "deferno-gateway", "-evalsha", "-eval", "-rename");
			HttpResponse<String> refreshed = flow.refresh(clientId, refreshToken, null);
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(503);
			assertThat(refreshed.headers().firstValue("Retry-After")).isPresent();
			assertThat(Json.parse(refreshed.body())).containsEntry("error", "temporarily_unavailable");
			AuthorizationCodeFlow person = new AuthorizationCodeFlow(server.baseUrl());
			person.authorize(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "t"));
			HttpResponse<String> signIn = person.signIn("bob");
			assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(503);
			assertThat(signIn.body()).contains("Try again shortly").doesNotContain("NOPERM", "Exception");

			redis.cli("ACL", "SETUSER", "deferno-gateway", "+evalsha", "+eval", "+rename");
			// the refused refresh could not give its grant's lock back: a later try in
			// the background does, or the lock lapses
			await().atMost(Duration.ofSeconds(30))
				.until(() -> redis.cli("--scan", "--pattern", "deferno:auth:lock:*").isBlank());
			HttpResponse<String> again = flow.refresh(clientId, refreshToken, null);
			assertThat(again.statusCode()).as("the token refused meanwhile is unused: " + again.body()).isEqualTo(200);
		}
		List<String> errors = output.getAll()
			.lines()
			.filter((line) -> line.contains("Redis refuses a command the auth server needs"))
			.toList();
		assertThat(errors).singleElement()
			.asString()
			.contains(" ERROR ", "NOPERM", "'evalsha'", "ACL SETUSER", "POST /oauth2/token");
		assertThat(output.getAll()).doesNotContain("Servlet.service()");
	}

	private static void signInTokensAndHealth(Map<String, Object> redis) throws Exception {
		try (RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(), properties(redis))) {
			Map<String, Object> client = new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT);
			String clientId = (String) client.get("client_id");
			AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
			Pkce pkce = Pkce.s256();
			String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
			HttpResponse<String> issued = flow.exchangeCode(clientId, code, pkce, REDIRECT, null);
			assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
			Map<String, Object> tokens = Json.parse(issued.body());
			assertThat(Json.parse(
					flow.introspect((String) tokens.get("access_token"), "rs-acl", RunningAuthServer.RS_CLIENT_SECRET)
						.body()))
				.containsEntry("active", true);
			HttpResponse<String> refreshed = flow.refresh(clientId, (String) tokens.get("refresh_token"), null);
			assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
			assertThat(flow.revoke(clientId, (String) Json.parse(refreshed.body()).get("refresh_token")).statusCode())
				.isEqualTo(200);
			HttpResponse<String> health = new Browser().get(server.managementUrl() + "/actuator/health");
			assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) Json.parse(health.body())
				.get("components");
			assertThat(components.get("redis")).containsEntry("status", "UP");
			assertThat(components.get("redisWrites")).containsEntry("status", "UP");
		}
	}

	/** The server as the documented user, its Redis already given that user. */
	private static RunningAuthServer startAs(RedisProcess redis, Map<String, Object> connection) {
		redis.cli(ACL.toArray(String[]::new));
		return RunningAuthServer.start(RunningAuthServer.freePort(), properties(connection));
	}

	private static Map<String, Object> properties(Map<String, Object> redis) {
		Map<String, Object> properties = new HashMap<>(redis);
		properties.put("auth.storage", "redis");
		properties.put("auth.rs-client.id", "rs-acl");
		properties.put("auth.rs-client.secret", RunningAuthServer.RS_CLIENT_SECRET);
		// health's details are shown on a management port only
		properties.put("management.server.port", 0);
		return properties;
	}

	/**
	 * It wrote only under its prefix, which is all the user may touch.
	 * @return how many keys it wrote there
	 */
	private static long onlyItsKeys(RedisProcess redis) {
		List<String> keys = redis.cli("--scan").lines().filter((key) -> !key.isBlank()).toList();
		assertThat(keys).allMatch((key) -> key.startsWith("deferno:auth:"));
		return keys.size();
	}

}
