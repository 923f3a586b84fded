package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import com.defernowork.gateway.model.scope.Scopes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Beyond so many calls and reads of one person a minute, the next is refused at once,
 * saying how long to wait; others are not held up, and the next minute serves again.
 */
class PersonCallRateTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final List<String> reasons = new CopyOnWriteArrayList<>();

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final ToolResults results = new ToolResults(JsonMapper.builder().build(),
			(tool, outcome, reason, answer, duration) -> this.reasons.add(String.valueOf(reason)), null,
			new PersonCallRate(3, this.nanos::get), null);

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void callWhenThePersonStartedTheLimitThisMinuteThenRefusedWithTheWaitOthersServedAndServedNextMinute() {
		for (int i = 0; i < 3; i++) {
			assertThat(call("alice").isError()).isFalse();
		}
		this.nanos.addAndGet(Duration.ofSeconds(20).toNanos());

		CallToolResult refused = call("alice");
		assertThat(refused.isError()).isTrue();
		assertThat(((TextContent) refused.content().get(0)).text()).isEqualTo("whoami: 3 tool calls and resource "
				+ "reads of this person started within a minute (DEFERNO_CALLS_PER_MINUTE); nothing was sent: wait 40 s,"
				+ " then call again");
		assertThat(this.reasons).containsExactly("null", "null", "null", "rate_limited");
		assertThat(this.sent).containsExactly("alice", "alice", "alice");
		assertThat(call("bob").isError()).as("another person's minute").isFalse();

		this.nanos.addAndGet(Duration.ofSeconds(40).toNanos());
		assertThat(call("alice").isError()).as("the next minute").isFalse();
	}

	@Test
	void resourceReadWhenThePersonStartedTheLimitThisMinuteThenRefusedAndReadsCountAsCalls() {
		DefernoResource plan = this.results.guarded(DefernoResource
			.of(Resource.builder().uri("deferno://plan").name("plan").build(), Scopes.PLAN_READ, (uri) -> "plan"));
		signIn("alice");
		assertThat(plan.reader().read("deferno://plan")).isEqualTo("plan");
		assertThat(call("alice").isError()).isFalse();
		assertThat(plan.reader().read("deferno://plan")).isEqualTo("plan");
		this.nanos.addAndGet(Duration.ofMillis(59_500).toNanos());

		signIn("alice");
		assertThatExceptionOfType(ResourceReadException.class).isThrownBy(() -> plan.reader().read("deferno://plan"))
			.withMessage("3 tool calls and resource reads of this person started within a minute"
					+ " (DEFERNO_CALLS_PER_MINUTE); wait 1 s, then read again");
	}

	@Test
	void callWhenRefusedForTheCallsRunningThenNotCountedAgainstTheMinute() throws Exception {
		ToolResults both = new ToolResults(JsonMapper.builder().build(),
				(tool, outcome, reason, answer, duration) -> this.reasons.add(String.valueOf(reason)),
				new PersonCallLimit(1), new PersonCallRate(2, this.nanos::get), null);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<CallToolResult> slow = CompletableFuture.supplyAsync(() -> {
			signIn("alice");
			return both.run("whoami", true, (arguments) -> {
				running.countDown();
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Map.of("user", "alice");
			}, Map.of());
		});
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		signIn("alice");
		for (int i = 0; i < 3; i++) {
			assertThat(both.run("whoami", true, (arguments) -> Map.of(), Map.of()).isError()).isTrue();
		}
		release.countDown();
		assertThat(slow.get(10, TimeUnit.SECONDS).isError()).isFalse();

		// the refused ones never started: one more call fits in the minute, the next not
		assertThat(both.run("whoami", true, (arguments) -> Map.of("user", "alice"), Map.of()).isError()).isFalse();
		assertThat(both.run("whoami", true, (arguments) -> Map.of("user", "alice"), Map.of()).isError()).isTrue();
		assertThat(this.reasons).containsExactly("too_many_calls", "too_many_calls", "too_many_calls", "null", "null",
				"rate_limited");
	}

	private CallToolResult call(String person) {
		signIn(person);
		return this.results.run("whoami", true, (arguments) -> {
			this.sent.add(person);
			return Map.of("user", person);
		}, Map.of());
	}

	private static void signIn(String person) {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(person, "n/a", "ROLE_X"));
	}

}
