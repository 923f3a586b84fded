package com.defernowork.gateway.auth.storage.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.defernowork.gateway.auth.AuthServerApplication;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.redis.RedisProcess;
import com.defernowork.gateway.testsupport.redis.RedisSentinelLauncher;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole auth server started against a Redis it cannot use: a short report naming what
 * went wrong and what to change, not a stack trace; never the URL's password. Against one
 * it can use but that would delete its keys once full: a start with a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStartupReportIT {

	private static final String PASSWORD = "hunter2-secret";

	@Test
	void startWhenRedisDoesNotAnswerThenShortReportSayingWhatToDo(CapturedOutput output) {
		int nothingListens = FreePorts.next();

		String report = failedStart(output, "redis://:" + PASSWORD + "@127.0.0.1:" + nothingListens);

		assertThat(report).contains("Redis does not answer", ":" + nothingListens, "Connection refused",
				"Start Redis, or correct REDIS_URL");
		// it waited first, saying so once
		assertThat(output.getAll().lines().filter((line) -> line.contains("Redis does not answer yet"))).hasSize(1);
	}

	@Test
	void startWhenNothingTakesTheConnectionInTimeThenTheReportNamesTheConnectTimeout(CapturedOutput output)
			throws IOException {
		// a listener whose one-place queue is full: the next connection is never taken,
		// as on a busy host or behind a firewall that drops packets
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket first = queued(listener);
				Socket second = queued(listener)) {
			String report = failedStartWith(output, "--REDIS_URL=redis://127.0.0.1:" + listener.getLocalPort(),
					"--spring.data.redis.connect-timeout=300ms", "--auth.redis.start-wait=5s");

			assertThat(report).contains("connection timed out after 300 ms",
					"raise it if Redis is up but its host is busy or the network slow");
			assertThat(output.getAll().lines().filter((line) -> line.contains("Redis does not answer yet")))
				.singleElement(InstanceOfAssertFactories.STRING)
				.contains("a busy host may take longer than SPRING_DATA_REDIS_CONNECT_TIMEOUT to connect");
		}
	}

	@Test
	void startWhenRedissAgainstARedisWithoutTlsThenTheReportSaysTlsMayBeWhy(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start()) {
			String report = failedStart(output, "rediss://:" + PASSWORD + "@" + redis.address());

			assertThat(report).contains("Start Redis, or correct REDIS_URL",
					"rediss:// speaks TLS, so that Redis must serve TLS on that port");
		}
	}

	@Test
	void startWhenRedisAnswersOnlyAfterAWhileThenWaitsForItAndStarts(CapturedOutput output) throws Exception {
		try (RedisProcess redis = RedisProcess.start()) {
			// started at the same moment as the auth server, or failing over
			redis.kill();
			CompletableFuture<RunningAuthServer> starting = CompletableFuture
				.supplyAsync(() -> RunningAuthServer.start(FreePorts.next(),
						Map.of("auth.storage", "redis", "spring.data.redis.url", "redis://" + redis.address(),
								"auth.redis.start-wait", "60s", "spring.main.banner-mode", "off")));
			await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("Redis does not answer yet"));
			redis.restart();
			try (RunningAuthServer server = starting.get(60, TimeUnit.SECONDS)) {
				assertThat(new Browser().get(server.baseUrl() + "/.well-known/oauth-authorization-server").statusCode())
					.isEqualTo(200);
				// the wait said why, and that it ended
				assertThat(output.getAll()).contains("Connection refused", "Redis answers; the start goes on")
					.doesNotContain("<unresolved>");
			}
		}
	}

	@Test
	void startWhenPasswordWrongThenReportSaysRedisRefusedIt(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start()) {
			// set once started: the start waits for a PING without a password
			redis.cli("CONFIG", "SET", "requirepass", "the-right-one");
			String report = failedStart(output, "redis://:" + PASSWORD + "@" + redis.address());

			assertThat(report).contains("Redis refused the auth server's command: WRONGPASS",
					"Correct the password (and user) in REDIS_URL");
		}
	}

	@Test
	void startWhenRedisHasNoSuchDatabaseThenRefusedAtOnceSayingWhatToChange(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start()) {
			long started = System.nanoTime();
			// an answer that waiting does not change: it waited the whole start wait
			String report = failedStart(output, "redis://:@" + redis.address() + "/99", "60s");

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
			assertThat(report).contains("Redis refused the auth server's command: ERR DB index is out of range",
					"Give as REDIS_URL's path a database number that Redis has");
			assertThat(output.getAll()).doesNotContain("Redis does not answer yet");
		}
	}

	@Test
	void startWhenClusterNodesNameARedisThatIsNoClusterThenRefusedAtOnceSayingSo(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start()) {
			long started = System.nanoTime();
			String report = failedStartWith(output, "--REDIS_URL=",
					"--spring.data.redis.cluster.nodes=" + redis.address(), "--auth.redis.start-wait=60s");

			// it waited the whole start wait, then said Redis did not answer
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
			assertThat(report)
				.contains("Redis answered that it is no Redis Cluster",
						"Point SPRING_DATA_REDIS_CLUSTER_NODES at the nodes of a Redis Cluster")
				.doesNotContain("Redis does not answer");
			assertThat(output.getAll()).doesNotContain("Redis does not answer yet");
		}
	}

	@Test
	void startWhenTheSentinelsMonitorNoPrimaryOfThatNameThenRefusedAtOnceNamingTheSetting(CapturedOutput output) {
		try (RedisSentinelLauncher sentinel = RedisSentinelLauncher.start()) {
			long started = System.nanoTime();
			String report = failedStartWith(output, "--REDIS_URL=",
					"--spring.data.redis.sentinel.nodes=" + sentinel.sentinelNodesProperty(),
					"--spring.data.redis.sentinel.master=mymastr", "--auth.redis.start-wait=60s");

			// it waited the whole start wait, then said Redis did not answer
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
			assertThat(report)
				.contains("none of them monitors a primary named 'mymastr'",
						"Set SPRING_DATA_REDIS_SENTINEL_MASTER to the name the sentinels monitor")
				.doesNotContain("Redis does not answer");
		}
	}

	@Test
	void startWhenPrimaryRefusesWritesThenReportQuotesRedisAndSaysWhatToChange(CapturedOutput output) {
		// a primary told to take writes only while a replica is in sync, and none is
		try (RedisProcess redis = RedisProcess.start("--min-replicas-to-write", "1")) {
			String report = failedStart(output, "redis://:@" + redis.address());

			assertThat(report).contains("Redis refused the auth server's command: NOREPLICAS",
					"lower its min-replicas-to-write");
			// Redis's reply ends with a full stop of its own
			assertThat(report).doesNotContain("..");
		}
	}

	@Test
	void startWhenRedisWouldDeleteKeysOnceFullThenStartsAndWarnsOnce(CapturedOutput output) {
		try (RedisProcess redis = RedisProcess.start("--maxmemory", "100mb", "--maxmemory-policy", "volatile-lru");
				RunningAuthServer server = RunningAuthServer.start(FreePorts.next(), Map.of("auth.storage", "redis",
						"spring.data.redis.url", "redis://" + redis.address(), "spring.main.banner-mode", "off"))) {
			assertThat(
					output.getAll().lines().filter((line) -> line.contains("Redis's maxmemory-policy is volatile-lru")))
				.hasSize(1);
			// which Redis, named once at start
			assertThat(output.getAll()).contains("Keeping clients, grants, sessions and sealed Deferno tokens in Redis "
					+ "at " + redis.address() + ", under the key prefix 'deferno:auth:'");
		}
	}

	private static Socket queued(ServerSocket listener) throws IOException {
		Socket socket = new Socket();
		socket.connect(listener.getLocalSocketAddress(), 1000);
		return socket;
	}

	/** A wait long enough for one retry even when the first connection is slow. */
	private static String failedStart(CapturedOutput output, String redisUrl) {
		return failedStart(output, redisUrl, "6s");
	}

	private static String failedStart(CapturedOutput output, String redisUrl, String startWait) {
		return failedStartWith(output, "--REDIS_URL=" + redisUrl, "--auth.redis.start-wait=" + startWait);
	}

	private static String failedStartWith(CapturedOutput output, String... settings) {
		SpringApplication application = new SpringApplication(AuthServerApplication.class);
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--auth.vault.key=" + RunningAuthServer.VAULT_KEY));
		args.addAll(List.of(settings));
		assertThatThrownBy(() -> application.run(args.toArray(String[]::new))).isNotNull();
		String all = output.getAll();
		assertThat(all).contains("APPLICATION FAILED TO START").doesNotContain(PASSWORD);
		String report = all.substring(all.lastIndexOf("APPLICATION FAILED TO START"));
		assertThat(report).doesNotContain("\tat ").contains("start the auth server again");
		assertThat(report.lines().count()).isLessThan(20);
		return report;
	}

}
