package com.defernowork.gateway.e2e.scaleout;

import java.util.Map;

import com.defernowork.gateway.testsupport.redis.RedisSentinelLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth servers and two resource servers on Redis behind Sentinel (one primary, one
 * replica, one sentinel) behind round-robin nginx: the whole OAuth flow works before and
 * after a failover, and the clients registered and grants given before it still work
 * after it.
 */
class RedisSentinelScaleOutIT {

	private static final int RUNS_EACH_SIDE = 3;

	private static RedisSentinelLauncher sentinel;

	private static ScaleOutStack stack;

	@BeforeAll
	static void start() {
		sentinel = RedisSentinelLauncher.start();
		stack = ScaleOutStack.start(Map.of("SPRING_DATA_REDIS_SENTINEL_MASTER", RedisSentinelLauncher.MASTER,
				"SPRING_DATA_REDIS_SENTINEL_NODES", sentinel.sentinelNodesProperty()));
	}

	@AfterAll
	static void stop() {
		if (stack != null) {
			stack.close();
		}
		if (sentinel != null) {
			sentinel.close();
		}
	}

	@Test
	void fullFlowWhenPrimaryFailsOverMidRunThenClientsAndGrantsSurvive() {
		runs("before the failover");
		McpClientRun granted = new McpClientRun(stack);
		granted.discoverAndRegister();
		granted.approve(granted.signIn());
		String refreshTokenBefore = granted.refreshToken();

		sentinel.failover();
		stack.awaitStoreReachable();

		// the client registered and the grant given before the failover: refresh and a
		// tool call still work
		granted.refreshAndUse();
		assertThat(granted.refreshToken()).isNotEqualTo(refreshTokenBefore);
		granted.useRefreshAndRevoke();
		runs("after the failover");
	}

	private static void runs(String when) {
		for (int run = 1; run <= RUNS_EACH_SIDE; run++) {
			try {
				new McpClientRun(stack).complete();
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("run " + run + " " + when + " failed\n" + stack.logTails(), ex);
			}
		}
	}

}
