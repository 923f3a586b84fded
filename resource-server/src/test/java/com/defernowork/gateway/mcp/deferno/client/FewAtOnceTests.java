package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.security.CallingPerson;
import com.defernowork.gateway.mcp.trace.TraceContext;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call's inputs worked on a few at once: results and failures as if one after the
 * other, at most {@link FewAtOnce#WIDTH} at once and no more lanes than the person's
 * share grants, each lane with the call's sign-in, token, time, cancellation and trace.
 */
class FewAtOnceTests {

	static final WireMockServer deferno = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	@BeforeAll
	static void start() {
		deferno.start();
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	@AfterEach
	void forget() {
		deferno.resetAll();
		SecurityContextHolder.clearContext();
	}

	private final FewAtOnce fewAtOnce = new FewAtOnce(PersonLanes.UNBOUNDED);

	@Test
	void eachWhenInputsFinishOutOfOrderThenResultsInTheInputsOrderAndSeveralRanAtOnce() throws Exception {
		CyclicBarrier together = new CyclicBarrier(FewAtOnce.WIDTH);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		List<Integer> inputs = IntStream.range(0, 12).boxed().toList();

		List<String> results = this.fewAtOnce.each("token", inputs, (i) -> {
			most.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				if (i < FewAtOnce.WIDTH) {
					// fails unless the first four run at the same time
					together.await(5, TimeUnit.SECONDS);
				}
				Thread.sleep((12 - i) * 3L);
				return "r" + i;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				running.decrementAndGet();
			}
		}, (result, index) -> {
		});

		assertThat(results).containsExactlyElementsOf(inputs.stream().map((i) -> "r" + i).toList());
		assertThat(most.get()).isEqualTo(FewAtOnce.WIDTH);
	}

	@Test
	void eachWhenTwoInputsFailThenTheEarlierOnesFailureWhicheverCameFirstAndNoInputStartedAfterIt() {
		Set<Integer> started = ConcurrentHashMap.newKeySet();
		CountDownLatch laterFailed = new CountDownLatch(1);
		List<Integer> inputs = IntStream.range(0, 40).boxed().toList();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.fewAtOnce.each("token", inputs, (i) -> {
				started.add(i);
				if (i == 5) {
					laterFailed.countDown();
					throw new IllegalStateException("input 5");
				}
				if (i == 3) {
					await(laterFailed);
					throw new IllegalStateException("input 3");
				}
				// long enough for a failure to be noted before the next input is taken
				sleep(20);
				return i;
			}, (result, index) -> {
			}))
			.withMessage("input 3");
		// those under way when input 5 failed, no more
		assertThat(started).hasSizeLessThanOrEqualTo(5 + FewAtOnce.WIDTH).contains(0, 1, 2, 3, 4, 5);
	}

	@Test
	void eachWhenInOrderRefusesAResultThenThatRefusalDecidesBeforeALaterInputsFailure() {
		List<Integer> inputs = IntStream.range(0, 10).boxed().toList();
		List<Integer> handed = new ArrayList<>();

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.fewAtOnce.each("token", inputs, (i) -> {
				if (i == 6) {
					throw new IllegalStateException("input 6");
				}
				return i;
			}, (result, index) -> {
				handed.add(index);
				if (index == 2) {
					throw new IllegalArgumentException("refused 2");
				}
			}))
			.withMessage("refused 2");
		assertThat(handed).containsExactly(0, 1, 2);
	}

	@Test
	void eachWhenThePersonsShareGrantsNoLaneThenEveryInputOnTheCallsOwnThread() {
		FewAtOnce noRoom = new FewAtOnce((person) -> null);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();

		List<Integer> results = noRoom.each("token", List.of(1, 2, 3, 4, 5), (i) -> {
			threads.add(Thread.currentThread());
			return i * 10;
		}, (result, index) -> {
		});

		assertThat(results).containsExactly(10, 20, 30, 40, 50);
		assertThat(threads).containsExactly(Thread.currentThread());
	}

	@Test
	void eachWhenTheShareGrantsOneLaneThenTwoThreadsAndTheLaneGivenBackAtTheEnd() {
		AtomicInteger granted = new AtomicInteger();
		AtomicInteger givenBack = new AtomicInteger();
		FewAtOnce oneLane = new FewAtOnce(
				(person) -> (granted.getAndIncrement() == 0) ? givenBack::incrementAndGet : null);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		CyclicBarrier together = new CyclicBarrier(2);

		oneLane.each("token", List.of(0, 1, 2, 3), (i) -> {
			threads.add(Thread.currentThread());
			if (i < 2) {
				awaitBarrier(together);
			}
			return i;
		}, (result, index) -> {
		});

		assertThat(threads).hasSize(2);
		assertThat(givenBack.get()).as("given back before each returned").isEqualTo(1);
	}

	@Test
	void eachWhenTheShareAsksLanesToGiveWayThenEachGivesItsRoomBackOnceAndTheCallsThreadDoesTheRest() {
		AtomicInteger granted = new AtomicInteger();
		AtomicInteger givenBack = new AtomicInteger();
		AtomicInteger shed = new AtomicInteger();
		FewAtOnce givingWay = new FewAtOnce(new PersonLanes() {

			@Override
			public Runnable extraLane(String person) {
				granted.incrementAndGet();
				return givenBack::incrementAndGet;
			}

			@Override
			public boolean shedLane(String person) {
				shed.incrementAndGet();
				return true;
			}

		});
		Set<Thread> threads = ConcurrentHashMap.newKeySet();

		List<Integer> results = givingWay.each("token", List.of(1, 2, 3, 4, 5, 6), (i) -> {
			threads.add(Thread.currentThread());
			// inputs are left while every lane asks
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (shed.get() < FewAtOnce.WIDTH - 1 && System.nanoTime() < until) {
				sleep(1);
			}
			return i * 10;
		}, (result, index) -> {
		});

		assertThat(results).containsExactly(10, 20, 30, 40, 50, 60);
		assertThat(threads).as("no lane took an input").containsExactly(Thread.currentThread());
		assertThat(granted.get()).isEqualTo(FewAtOnce.WIDTH - 1);
		assertThat(shed.get()).as("each lane gave way before its first input").isEqualTo(FewAtOnce.WIDTH - 1);
		assertThat(givenBack.get()).as("a lane that gave way is not given back twice").isZero();
	}

	@Test
	void eachWhenALaneWaitsForAnAnswerTheCallsThreadReadThenThatAnswerIsGivenBackAfterItsInput() {
		FewAtOnce oneLane = new FewAtOnce(new OneLane());
		Thread caller = Thread.currentThread();
		CyclicBarrier together = new CyclicBarrier(2);
		CountDownLatch givenBack = new CountDownLatch(1);

		List<Integer> results = HeldAnswers.until(() -> oneLane.each("token", List.of(0, 1), (i) -> {
			awaitBarrier(together);
			if (Thread.currentThread() == caller) {
				// the largest answer so far: held while the call's thread runs it
				HeldAnswers.release(100, givenBack::countDown);
			}
			else {
				// a lane waiting for room the call's thread holds
				await(givenBack);
			}
			return i;
		}, (result, index) -> {
		}));

		assertThat(results).containsExactly(0, 1);
	}

	@Test
	void eachWhenTheCallsThreadIsInterruptedWhileALaneRunsThenTheLaneIsInterruptedToo() throws Exception {
		CountDownLatch callerTookTheFirst = new CountDownLatch(1);
		FewAtOnce oneLane = new FewAtOnce(new OneLane() {

			@Override
			public boolean shedLane(String person) {
				// the lane takes the second input, the call's thread the first
				await(callerTookTheFirst);
				return false;
			}

		});
		CyclicBarrier together = new CyclicBarrier(2);
		CountDownLatch laneInterrupted = new CountDownLatch(1);

		try {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> oneLane.each("token", List.of(0, 1), (i) -> {
					if (i == 0) {
						callerTookTheFirst.countDown();
						awaitBarrier(together);
						Thread.currentThread().interrupt();
						throw new IllegalStateException("the call ends");
					}
					awaitBarrier(together);
					try {
						Thread.sleep(Duration.ofSeconds(30));
					}
					catch (InterruptedException ex) {
						laneInterrupted.countDown();
					}
					return i;
				}, (result, index) -> {
				}))
				.withMessage("the call ends");
			assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(laneInterrupted.await(5, TimeUnit.SECONDS)).as("the lane stopped with its call").isTrue();
	}

	@Test
	void fewAtOnceWhenLanesCallDefernoThenEachCarriesTheCallsTokenSignInTraceTimeAndCancellation() throws Exception {
		deferno.stubFor(get(urlPathMatching("/api/items/.*"))
			.willReturn(okJson("{\"version\":\"0.2\",\"data\":{\"id\":\"x\"}}")));
		Thread caller = Thread.currentThread();
		AtomicInteger tokensAsked = new AtomicInteger();
		DefernoClient client = client(() -> {
			// only on the call's own thread, where a sign-in that ended is signalled
			assertThat(Thread.currentThread()).isSameAs(caller);
			tokensAsked.incrementAndGet();
			return "the-token";
		});
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", null, "SCOPE_x"));
		TraceContext trace = TraceContext.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null)
			.orElseThrow();
		CallCancellation cancellation = new CallCancellation();
		Set<String> people = ConcurrentHashMap.newKeySet();
		Set<Boolean> deadlines = ConcurrentHashMap.newKeySet();
		Set<Thread> threads = ConcurrentHashMap.newKeySet();

		try (CallCancellation.Scope bound = cancellation.bind()) {
			TraceContext.runWith(Optional.of(trace), () -> CallDeadline.within(Duration.ofSeconds(20),
					() -> client.fewAtOnce(List.of("a", "b", "c", "d", "e", "f"), (id) -> {
						threads.add(Thread.currentThread());
						people.add(String.valueOf(CallingPerson.name()));
						deadlines.add(CallDeadline.remaining() != null
								&& CallDeadline.remaining().compareTo(Duration.ofSeconds(20)) <= 0);
						assertThat(CallCancellation.current()).isSameAs(cancellation);
						return client.get("/items/" + id);
					})));
		}

		assertThat(tokensAsked.get()).isEqualTo(1);
		assertThat(threads).hasSizeGreaterThan(1);
		assertThat(people).containsExactly("alice");
		assertThat(deadlines).containsExactly(true);
		deferno.verify(6,
				getRequestedFor(urlPathMatching("/api/items/.*"))
					.withHeader("Authorization", equalTo("Bearer the-token"))
					.withHeader("traceparent", equalTo(trace.traceparent())));
		assertThat(Optional.ofNullable(FewAtOnce.lentToken())).as("lent for the call only").isEmpty();
	}

	@Test
	void fewAtOnceWhenTheCallIsCancelledThenNoLaneSendsItsNextRequest() {
		deferno.stubFor(get(urlPathMatching("/api/items/.*"))
			.willReturn(okJson("{\"version\":\"0.2\",\"data\":{\"id\":\"x\"}}")));
		DefernoClient client = client(() -> "the-token");
		CallCancellation cancellation = new CallCancellation();
		cancellation.ask();

		try (CallCancellation.Scope bound = cancellation.bind()) {
			assertThatExceptionOfType(DefernoApiException.class)
				.isThrownBy(() -> client.fewAtOnce(List.of("a", "b", "c", "d"), (id) -> client.get("/items/" + id)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DefernoApiException.CANCELLED));
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	/** One lane granted, then none; never shed. */
	private static class OneLane implements PersonLanes {

		private final AtomicInteger granted = new AtomicInteger();

		@Override
		public Runnable extraLane(String person) {
			return (this.granted.getAndIncrement() == 0) ? () -> {
			} : null;
		}

	}

	private static DefernoClient client(DefernoTokenSource tokens) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("tokens", tokens);
		DefernoProperties properties = new DefernoProperties(deferno.baseUrl() + "/api", "", Duration.ofSeconds(2),
				Duration.ofSeconds(5), 10, 0, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55));
		return new DefernoClient(RestClient.create(), properties, JsonMapper.builder().build(),
				beans.getBeanProvider(DefernoTokenSource.class),
				beans.getBeanProvider(DefernoUnauthorizedListener.class));
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitBarrier(CyclicBarrier barrier) {
		try {
			barrier.await(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("the lane and the call did not run at once", ex);
		}
	}

}
