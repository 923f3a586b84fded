package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import com.defernowork.gateway.mcp.deferno.client.CallDeadline;
import com.defernowork.gateway.model.scope.Scopes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Calls of one person beyond the limit are refused at once while that person's calls run;
 * other people's calls are not held up, and a finished call frees its place.
 */
class PersonCallLimitTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<String> reasons = new CopyOnWriteArrayList<>();

	private final ToolResults results = new ToolResults(JsonMapper.builder().build(),
			(tool, outcome, reason, answer, duration) -> this.reasons.add(String.valueOf(reason)),
			new PersonCallLimit(2), null, null);

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

	@Test
	void resourceReadWhenThePersonHasTheLimitRunningThenRefusedAndReadsCountAsCalls() throws Exception {
		CountDownLatch running = new CountDownLatch(2);
		List<CompletableFuture<String>> reads = List.of(read("alice", running), read("alice", running));
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

		assertThat(call("alice", new CountDownLatch(0)).get(10, TimeUnit.SECONDS).isError()).isTrue();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> read("alice", new CountDownLatch(0)).get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(ResourceReadException.class)
			.withMessage("2 calls of this person are still running (DEFERNO_MAX_CALLS_PER_PERSON); wait for one to"
					+ " finish, then read again");
		CountDownLatch bobRunning = new CountDownLatch(1);
		CompletableFuture<String> bob = read("bob", bobRunning);
		assertThat(bobRunning.await(10, TimeUnit.SECONDS)).as("another person's read runs").isTrue();

		this.release.countDown();
		for (CompletableFuture<String> read : reads) {
			assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("alice");
		}
		assertThat(bob.get(10, TimeUnit.SECONDS)).isEqualTo("bob");
		assertThat(read("alice", new CountDownLatch(0)).get(10, TimeUnit.SECONDS)).isEqualTo("alice");
	}

	@Test
	void turnWhenThePersonHasAsManyCallsRunningAsRunAtOnceThenTheNextWaitsForOneGivenBackOthersRun() {
		PersonCallLimit limit = new PersonCallLimit(10);
		for (int i = 0; i <= PersonCallLimit.AT_ONCE; i++) {
			assertThat(limit.enter("alice")).as("admitted").isNotNull();
		}
		List<Runnable> turns = new ArrayList<>();
		for (int i = 0; i < PersonCallLimit.AT_ONCE; i++) {
			turns.add(limit.turn("alice", Duration.ZERO));
		}
		assertThat(turns).doesNotContainNull();

		assertThat(limit.turn("alice", Duration.ZERO)).as("the next waits its turn").isNull();
		assertThat(limit.enter("bob")).isNotNull();
		assertThat(limit.turn("bob", Duration.ZERO)).as("another person's call runs").isNotNull();
		assertThat(limit.turn(null, Duration.ZERO)).as("no signed-in person: not counted").isNotNull();

		turns.getFirst().run();
		assertThat(limit.turn("alice", Duration.ZERO)).isNotNull();
	}

	@Test
	void callWhenThePersonHasAsManyRunningAsRunAtOnceThenItWaitsItsTurnWithinItsTimeAndRunsOnceOneEnds()
			throws Exception {
		ToolResults results = new ToolResults(JsonMapper.builder().build(),
				(tool, outcome, reason, answer, duration) -> this.reasons.add(String.valueOf(reason)),
				new PersonCallLimit(10), null, Duration.ofMillis(300));
		CountDownLatch running = new CountDownLatch(PersonCallLimit.AT_ONCE);
		List<CompletableFuture<CallToolResult>> held = new ArrayList<>();
		for (int i = 0; i < PersonCallLimit.AT_ONCE; i++) {
			held.add(call(results, "alice", running));
		}
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

		// admitted (fewer than 10 running), but no turn within the call's time
		CallToolResult waited = call(results, "alice", new CountDownLatch(0)).get(10, TimeUnit.SECONDS);
		assertThat(waited.isError()).isTrue();
		assertThat(((TextContent) waited.content().get(0)).text()).startsWith("list_items: 10 tool calls of this");
		assertThat(this.reasons).containsExactly("too_many_calls");
		CountDownLatch bobRunning = new CountDownLatch(1);
		CompletableFuture<CallToolResult> bob = call(results, "bob", bobRunning);
		assertThat(bobRunning.await(10, TimeUnit.SECONDS)).as("another person's call runs").isTrue();

		CompletableFuture<CallToolResult> next = call(results, "alice", new CountDownLatch(0));
		this.release.countDown();
		for (CompletableFuture<CallToolResult> call : held) {
			assertThat(call.get(10, TimeUnit.SECONDS).isError()).isFalse();
		}
		assertThat(next.get(10, TimeUnit.SECONDS).isError()).as("its turn came once one ended").isFalse();
		assertThat(bob.get(10, TimeUnit.SECONDS).isError()).isFalse();
	}

	@Test
	void extraLaneWhenThePersonsCallsAndLanesFillTheShareThenNoneAndACallIsStillAdmitted() {
		PersonCallLimit limit = new PersonCallLimit(4);
		Runnable call = limit.enter("alice");
		Runnable first = limit.extraLane("alice");
		Runnable second = limit.extraLane("alice");
		Runnable third = limit.extraLane("alice");
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(third).isNotNull();
		assertThat(limit.extraLane("alice")).as("a call and three lanes fill a share of four").isNull();
		assertThat(limit.extraLane("bob")).as("no lane without a running call of the person").isNull();

		// a call is never refused for another call's lanes, and then no lane is granted
		Runnable another = limit.enter("alice");
		assertThat(another).isNotNull();
		first.run();
		assertThat(limit.extraLane("alice")).isNull();
		second.run();
		third.run();
		assertThat(limit.extraLane("alice")).isNotNull();

		// calls alone still count against the share of calls
		assertThat(limit.enter("alice")).isNotNull();
		assertThat(limit.enter("alice")).isNotNull();
		assertThat(limit.enter("alice")).isNull();
		call.run();
		another.run();
	}

	@Test
	void shedLaneWhenCallsAdmittedSinceLeaveMoreThanTheShareThenLanesGiveWayUntilItHolds() {
		PersonCallLimit limit = new PersonCallLimit(4);
		Runnable call = limit.enter("alice");
		Runnable first = limit.extraLane("alice");
		Runnable second = limit.extraLane("alice");
		limit.extraLane("alice");
		assertThat(limit.shedLane("alice")).as("a call and three lanes fit a share of four").isFalse();

		Runnable another = limit.enter("alice");
		Runnable third = limit.enter("alice");
		assertThat(another).isNotNull();
		assertThat(third).isNotNull();
		// three calls and three lanes: two lanes give way, the third keeps its room
		assertThat(limit.shedLane("alice")).isTrue();
		assertThat(limit.shedLane("alice")).isTrue();
		assertThat(limit.shedLane("alice")).as("three calls and a lane fit a share of four").isFalse();
		assertThat(limit.enter("alice")).as("the lanes given back make room for a fourth call").isNotNull();
		assertThat(limit.enter("alice")).isNull();
		assertThat(limit.shedLane("alice")).as("four calls and a lane").isTrue();
		assertThat(limit.shedLane("alice")).as("no lane left to shed").isFalse();
		assertThat(limit.shedLane("bob")).isFalse();
		assertThat(limit.shedLane(null)).isFalse();

		call.run();
		assertThat(limit.extraLane("alice")).as("three calls and a new lane fit again").isNotNull();
		another.run();
		third.run();
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
	}

	@Test
	void resourceReadWhenRunThenWithinTheToolCallsBudget() {
		ToolResults results = new ToolResults(JsonMapper.builder().build(),
				(tool, outcome, reason, answer, duration) -> {
				}, new PersonCallLimit(2), null, Duration.ofSeconds(3));
		DefernoResource resource = results
			.guarded(DefernoResource.of(Resource.builder().uri("deferno://plan").name("plan").build(), Scopes.PLAN_READ,
					(uri) -> String.valueOf(CallDeadline.remaining())));

		assertThat(Duration.parse(resource.reader().read("deferno://plan"))).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(CallDeadline.remaining()).as("only while it runs").isNull();
	}

	/**
	 * A resource read of the person that, once running, waits for the test to release it.
	 */
	private CompletableFuture<String> read(String person, CountDownLatch running) {
		DefernoResource resource = this.results.guarded(DefernoResource
			.of(Resource.builder().uri("deferno://plan").name("plan").build(), Scopes.PLAN_READ, (uri) -> {
				running.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return person;
			}));
		return CompletableFuture.supplyAsync(() -> {
			SecurityContextHolder.getContext()
				.setAuthentication(new TestingAuthenticationToken(person, null, "SCOPE_x"));
			try {
				return resource.reader().read("deferno://plan");
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		}, this.threads);
	}

	/** A call of the person that, once running, waits for the test to release it. */
	private CompletableFuture<CallToolResult> call(String person, CountDownLatch running) {
		return call(this.results, person, running);
	}

	private CompletableFuture<CallToolResult> call(ToolResults results, String person, CountDownLatch running) {
		return CompletableFuture.supplyAsync(() -> {
			SecurityContextHolder.getContext()
				.setAuthentication(new TestingAuthenticationToken(person, null, "SCOPE_x"));
			try {
				return results.run("list_items", true, (arguments) -> {
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
