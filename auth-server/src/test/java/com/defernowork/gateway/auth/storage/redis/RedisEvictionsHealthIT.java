package com.defernowork.gateway.auth.storage.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.redis.RedisProcess;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running auth server's Redis, started with nothing to say, given an eviction policy
 * while it runs and filled past its maxmemory: the metric counts the evicted keys (a
 * scrape alone keeps it current), health says so in the {@code redisWrites} details, and
 * the log warns once about the policy and once about the evictions.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisEvictionsHealthIT {

	private static final Pattern EVICTED = Pattern
		.compile("(?m)^gateway_auth_redis_evicted_keys_total(\\{[^}]*\\})? (\\S+)$");

	@Test
	void serverWhenRedisStartsEvictingWhileItRunsThenMetricHealthAndLogSayIt(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start("--maxmemory", "100mb", "--maxmemory-policy", "noeviction");
				RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
						Map.of("REDIS_URL", redis.url(), "auth.rs-client.id", "rs-evictions", "management.server.port",
								0));
				RedisTestConnection filler = RedisTestConnection
					.observing(new RedisStandaloneConfiguration("127.0.0.1", redis.port()))) {
			assertThat(output.getAll()).doesNotContain("maxmemory-policy is");

			// an operator's CONFIG SET at runtime, and more writes than the room left
			long used = Long.parseLong(redis.info("memory", "used_memory"));
			redis.cli("CONFIG", "SET", "maxmemory", Long.toString(used + 3_000_000));
			redis.cli("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
			String value = "x".repeat(100_000);
			for (int i = 0; i < 100; i++) {
				filler.redis.opsForValue().set("filler:" + i, value);
			}
			long evicted = Long.parseLong(redis.info("stats", "evicted_keys"));
			assertThat(evicted).isPositive();

			// no health read yet: the scrape runs the check
			Browser browser = new Browser();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String metrics = browser.get(server.managementUrl() + "/actuator/prometheus").body();
				Matcher counter = EVICTED.matcher(metrics);
				assertThat(counter.find()).as(metrics).isTrue();
				assertThat(Double.parseDouble(counter.group(2))).isEqualTo(evicted);
			});

			HttpResponse<String> health = browser.get(server.managementUrl() + "/actuator/health");
			assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
			@SuppressWarnings("unchecked")
			Map<String, Object> writes = ((Map<String, Map<String, Object>>) Json.parse(health.body())
				.get("components")).get("redisWrites");
			assertThat(writes).as(health.body()).containsEntry("status", "UP");
			@SuppressWarnings("unchecked")
			Map<String, Object> details = (Map<String, Object>) writes.get("details");
			assertThat(details).containsEntry("maxmemoryPolicy", "allkeys-lru").containsKey("evictingSince");
			assertThat(((Number) details.get("evictedKeys")).longValue()).isEqualTo(evicted);
			assertThat((String) details.get("warning")).contains("invalid_token", "Set maxmemory-policy noeviction");
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Redis's maxmemory-policy is allkeys-lru")))
			.singleElement()
			.asString()
			.contains(" WARN ");
		assertThat(output.getAll().lines().filter((line) -> line.contains("keys to make room since"))).singleElement()
			.asString()
			.contains(" WARN ");
	}

}
