package com.defernowork.gateway.auth.audit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two auth servers on one Redis sweep for reaped clients: a registered client nobody uses
 * is reaped by Redis after the idle time, and exactly one of them reports it, as one
 * audit line and one count.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientReapingIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final Duration SWEEP = Duration.ofMillis(200);

	private static final String PREFIX = TestRedis.uniquePrefix("auth-reaping");

	private static RunningAuthServer first;

	private static RunningAuthServer second;

	@BeforeAll
	static void start() {
		Map<String, Object> properties = Map.of("REDIS_URL", TestRedis.url(), "auth.redis.key-prefix", PREFIX,
				"auth.client-idle-ttl", "2s", "auth.client-reap-interval", SWEEP.toMillis() + "ms");
		first = RunningAuthServer.start(RunningAuthServer.freePort(), properties);
		second = RunningAuthServer.start(RunningAuthServer.freePort(), properties);
	}

	@AfterAll
	static void stop() {
		for (RunningAuthServer server : new RunningAuthServer[] { first, second }) {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void sweepWhenRegisteredClientIdlePastTtlThenOneServerReportsItReaped(CapturedOutput output) {
		double before = reapedCount();
		String idle = (String) new RegistrationClient(first.baseUrl()).registerPublic(REDIRECT).get("client_id");
		String reaped = "{\"event\":\"client.reaped\",\"client\":\"" + idle + "\"}";

		await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains(reaped));
		// through several more sweeps of both servers: still the one report
		await().during(SWEEP.multipliedBy(5))
			.atMost(Duration.ofSeconds(5))
			.until(() -> occurrences(output.getAll(), reaped) == 1);

		assertThat(reapedCount() - before).isEqualTo(1);
	}

	/** Both servers' count of reaped clients. */
	private static double reapedCount() {
		double sum = 0;
		for (RunningAuthServer server : new RunningAuthServer[] { first, second }) {
			HttpResponse<String> scrape = new Browser().get(server.baseUrl() + "/actuator/prometheus");
			assertThat(scrape.statusCode()).isEqualTo(200);
			sum += ObservabilityIT.value(scrape.body(), "gateway_auth_clients_reaped_total", "");
		}
		return sum;
	}

	private static int occurrences(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
