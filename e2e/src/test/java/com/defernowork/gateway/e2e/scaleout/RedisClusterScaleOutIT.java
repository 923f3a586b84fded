package com.defernowork.gateway.e2e.scaleout;

import java.util.List;
import java.util.Map;

import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;
import com.defernowork.gateway.testsupport.redis.RedisProcess;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth servers and two resource servers on a three-master Redis Cluster behind
 * round-robin nginx: the whole OAuth flow succeeds every time although consecutive
 * browser steps land on different auth servers, and a flow whose auth server stops
 * between sign-in and consent finishes on the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterScaleOutIT {

	private static final int RUNS = 20;

	private static RedisClusterLauncher cluster;

	private static ScaleOutStack stack;

	@BeforeAll
	static void start() {
		cluster = RedisClusterLauncher.start(3);
		stack = ScaleOutStack.start(Map.of("SPRING_DATA_REDIS_CLUSTER_NODES", cluster.nodesProperty()));
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	@Order(1)
	void fullFlowWhenRoundRobinAcrossTwoAuthServersThenEveryRunSucceeds() {
		int succeeded = 0;
		for (int run = 1; run <= RUNS; run++) {
			try {
				new McpClientRun(stack).complete();
				succeeded++;
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError(
						"run " + run + " of " + RUNS + " failed after " + succeeded + " succeeded\n" + stack.logTails(),
						ex);
			}
		}
		assertThat(succeeded).isEqualTo(RUNS);
		// both auth servers served every kind of browser step: no step depended on
		// landing where the last one did
		for (int server = 0; server < 2; server++) {
			List<String> served = stack.requestsServedBy(server);
			assertThat(served).as("auth server %d", server)
				.anyMatch((line) -> line.startsWith("GET /oauth2/authorize "))
				.anyMatch((line) -> line.startsWith("GET /oauth2/authorization/deferno "))
				.anyMatch((line) -> line.startsWith("GET /login/callback "))
				.anyMatch((line) -> line.startsWith("GET /consent "))
				.anyMatch((line) -> line.startsWith("POST /oauth2/authorize "));
		}
		assertSessionTimeouts();
	}

	/**
	 * Signed-in sessions idle out after the signed-in timeout (30 m), all others after
	 * the anonymous one (5 m).
	 */
	private static void assertSessionTimeouts() {
		int signedIn = 0;
		for (RedisProcess node : cluster.nodes()) {
			for (String key : node.cli("KEYS", stack.keyPrefix() + "session:sessions:*").split("\\R")) {
				if (key.isBlank()) {
					continue;
				}
				long ttl = Long.parseLong(node.cli("TTL", key));
				if ("1".equals(node.cli("HEXISTS", key, "sessionAttr:SPRING_SECURITY_CONTEXT"))) {
					assertThat(ttl).as(key).isBetween(301L, 1800L);
					signedIn++;
				}
				else {
					assertThat(ttl).as(key).isBetween(1L, 300L);
				}
			}
		}
		assertThat(signedIn).isGreaterThanOrEqualTo(RUNS);
	}

	@Test
	@Order(2)
	void flowWhenItsAuthServerStopsBetweenSignInAndConsentThenFinishesOnTheOther() {
		McpClientRun run = new McpClientRun(stack);
		run.discoverAndRegister();
		Document consent = run.signIn();
		stack.authServers().get(0).close();
		run.approve(consent);
		run.useRefreshAndRevoke();
	}

}
