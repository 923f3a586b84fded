package com.defernowork.gateway.mcp.catalog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of one person beyond the limit are refused at once while that person's calls run;
 * other people's calls are not held up, and a finished call frees its place.
 */
class PersonCallLimitTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<String> reasons = new CopyOnWriteArrayList<>();

	private final ToolResults results = new ToolResults(JsonMapper.builder().build(),
			(tool, outcome, reason, duration) -> this.reasons.add(String.valueOf(reason)), new PersonCallLimit(2),
			null);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.threads.shutdownNow();
	}

	@Test
	void callWhenThePersonHasTheLimitRunningThenRefusedAtOnceOthersServedAndAPlaceFreedLater() throws Exception {
		CountDownLatch running = new CountDownLatch(2);
		List<CompletableFuture<CallToolResult>> slow = List.of(call("alice", running), call("alice", running));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

		CallToolResult refused = call("alice", new CountDownLatch(0)).get(10, TimeUnit.SECONDS);
		assertThat(refused.isError()).isTrue();
		assertThat(((TextContent) refused.content().get(0)).text()).isEqualTo("list_items: 2 tool calls of this"
				+ " person are still running (DEFERNO_MAX_CALLS_PER_PERSON); nothing was sent: wait for one to"
				+ " finish, then call again");
		assertThat(this.reasons).containsExactly("too_many_calls");

		CountDownLatch bobRunning = new CountDownLatch(1);
		CompletableFuture<CallToolResult> bob = call("bob", bobRunning);
		assertThat(bobRunning.await(10, TimeUnit.SECONDS)).as("another person's call runs").isTrue();

		this.release.countDown();
		for (CompletableFuture<CallToolResult> call : slow) {
			assertThat(call.get(10, TimeUnit.SECONDS).isError()).isFalse();
		}
		assertThat(bob.get(10, TimeUnit.SECONDS).isError()).isFalse();
		assertThat(call("alice", new CountDownLatch(0)).get(10, TimeUnit.SECONDS).isError()).as("a place is free again")
			.isFalse();
	}

	/** A call of the person that, once running, waits for the test to release it. */
	private CompletableFuture<CallToolResult> call(String person, CountDownLatch running) {
		return CompletableFuture.supplyAsync(() -> {
			SecurityContextHolder.getContext()
				.setAuthentication(new TestingAuthenticationToken(person, null, "SCOPE_x"));
			try {
				return this.results.run("list_items", true, (arguments) -> {
					running.countDown();
					try {
						this.release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return Map.of("person", person);
				}, Map.of());
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		}, this.threads);
	}

}
