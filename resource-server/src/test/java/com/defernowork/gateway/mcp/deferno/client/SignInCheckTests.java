package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.mcp.deferno.client.SignInCheck.Verdict;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class SignInCheckTests {

	@Test
	void checkWhenAnswersThenVerdicts() {
		SignInCheck check = SignInCheck.off();
		assertThat(check.check("t", "GET /items", () -> 401)).isEqualTo(Verdict.REFUSED);
		assertThat(check.check("t", "GET /items", () -> 200)).isEqualTo(Verdict.ACCEPTED);
		assertThat(check.check("t", "GET /items", () -> 503)).isEqualTo(Verdict.UNANSWERED);
		assertThat(check.check("t", "GET /items", () -> 403)).isEqualTo(Verdict.UNANSWERED);
		assertThat(check.check("t", "GET /items", () -> {
			throw new IllegalStateException("no connection");
		})).isEqualTo(Verdict.UNANSWERED);
	}

	@Test
	void checkWhenConcurrentRefusalsOfOneCredentialThenOneQuestion() throws Exception {
		SignInCheck check = SignInCheck.off();
		AtomicInteger asked = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> callers = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8, (task) -> {
			Thread thread = new Thread(task);
			callers.add(thread);
			return thread;
		});
		try {
			List<Future<Verdict>> verdicts = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				verdicts.add(pool.submit(() -> check.check("t", "GET /items", () -> {
					asked.incrementAndGet();
					await(release);
					return 200;
				})));
			}
			// all eight parked: one asking (held by the latch), seven waiting for its
			// answer
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (callers.size() < 8 || !callers.stream().allMatch(SignInCheckTests::parked)) {
				assertThat(System.nanoTime()).as("all eight callers parked within 30 s").isLessThan(deadline);
				Thread.yield();
			}
			release.countDown();
			for (Future<Verdict> verdict : verdicts) {
				assertThat(verdict.get(5, TimeUnit.SECONDS)).isEqualTo(Verdict.ACCEPTED);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(asked).hasValue(1);
		// without a memory, the next refusal asks again
		check.check("t", "GET /items", () -> {
			asked.incrementAndGet();
			return 200;
		});
		assertThat(asked).hasValue(2);
	}

	@Test
	void checkWhenAnotherCallIsAskingThenWaitedForWithinThisCallsBudgetOnly() throws Exception {
		SignInCheck check = SignInCheck.off();
		CountDownLatch asking = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread other = Thread.ofVirtual().start(() -> check.check("t", "GET /items", () -> {
			asking.countDown();
			await(release);
			return 200;
		}));
		try {
			assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();

			Verdict verdict = CallDeadline.within(Duration.ofMillis(200), () -> check.check("t", "GET /items", () -> {
				throw new AssertionError("asked twice");
			}));

			assertThat(verdict).isEqualTo(Verdict.UNANSWERED);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			release.countDown();
			other.join(10_000);
		}
	}

	@Test
	void checkWhenDefernoRefusesManySignInsAtOnceThenTakenForItsTroubleUntilThatStops() {
		AtomicLong nanos = new AtomicLong();
		SignInCheck check = new SignInCheck(Duration.ZERO, nanos::get);
		for (int i = 0; i < WidespreadRefusals.MOST; i++) {
			assertThat(check.check("t" + i, "GET /items", () -> 401)).as("credential %d", i).isEqualTo(Verdict.REFUSED);
		}

		assertThat(check.check("t-next", "GET /items", () -> 401)).isEqualTo(Verdict.REFUSED_WIDELY);
		assertThat(check.check("t0", "GET /items", () -> 401)).as("refused before").isEqualTo(Verdict.REFUSED_WIDELY);
		assertThat(check.check("t-fine", "GET /items", () -> 200)).isEqualTo(Verdict.ACCEPTED);

		nanos.addAndGet(WidespreadRefusals.WINDOW.plusSeconds(1).toNanos());
		assertThat(check.check("t-later", "GET /items", () -> 401)).isEqualTo(Verdict.REFUSED);
	}

	@Test
	void checkWhenOnePersonsManySignInsAreRefusedThenTheyCountOnceAndOthersGrantsStillEnd() {
		// one person ending a dozen sign-ins of theirs must not keep everyone's alive
		SignInCheck check = new SignInCheck(Duration.ZERO, new AtomicLong()::get);
		try {
			signedIn("dave");
			for (int i = 0; i <= WidespreadRefusals.MOST + 1; i++) {
				assertThat(check.check("dave-" + i, "GET /items", () -> 401)).as("dave's sign-in %d", i)
					.isEqualTo(Verdict.REFUSED);
			}
			signedIn("carol");
			assertThat(check.check("carol-0", "GET /items", () -> 401)).isEqualTo(Verdict.REFUSED);
			for (int i = 0; i < WidespreadRefusals.MOST; i++) {
				signedIn("person-" + i);
				check.check("person-" + i, "GET /items", () -> 401);
			}
			assertThat(check.check("person-0", "GET /items", () -> 401)).as("more than 10 people")
				.isEqualTo(Verdict.REFUSED_WIDELY);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private static void signedIn(String person) {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(person, null, "SCOPE_x"));
	}

	@Test
	void checkWhenManySignInsStayRefusedPastTheLongestThenTakenAsMeant() {
		AtomicLong nanos = new AtomicLong();
		SignInCheck check = new SignInCheck(Duration.ZERO, nanos::get);
		int people = WidespreadRefusals.MOST + 1;
		for (int i = 0; i < people; i++) {
			check.check("t" + i, "GET /items", () -> 401);
		}
		assertThat(check.check("t0", "GET /items", () -> 401)).isEqualTo(Verdict.REFUSED_WIDELY);

		// the same people retrying, every 30 s: their grants are kept for a while only
		Duration step = Duration.ofSeconds(30);
		for (Duration passed = Duration.ZERO; passed.compareTo(WidespreadRefusals.LONGEST) < 0; passed = passed
			.plus(step)) {
			nanos.addAndGet(step.toNanos());
			for (int i = 0; i < people; i++) {
				check.check("t" + i, "GET /items", () -> 401);
			}
		}

		assertThat(check.check("t0", "GET /items", () -> 401)).isEqualTo(Verdict.REFUSED);
	}

	@Test
	void checkWhenRememberedThenNotAskedAgainForThatCredentialOnly() {
		SignInCheck check = new SignInCheck(Duration.ofMinutes(1));
		AtomicInteger asked = new AtomicInteger();
		assertThat(check.check("t", "GET /items", () -> {
			asked.incrementAndGet();
			return 200;
		})).isEqualTo(Verdict.ACCEPTED);
		assertThat(check.check("t", "GET /items", () -> {
			asked.incrementAndGet();
			return 401;
		})).isEqualTo(Verdict.ACCEPTED);
		assertThat(check.check("other", "GET /items", () -> {
			asked.incrementAndGet();
			return 401;
		})).isEqualTo(Verdict.REFUSED);
		assertThat(asked).hasValue(2);
	}

	private static boolean parked(Thread thread) {
		return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
