package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.defernowork.gateway.mcp.security.TokenAnswerCache.Timed;
import com.defernowork.gateway.testsupport.MutableClock;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry and refresh on a hand-moved clock; questions are answered on the calling thread.
 */
class TokenAnswerCacheTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger questions = new AtomicInteger();

	private final TokenAnswerCache<String> cache = new TokenAnswerCache<>(1000, Duration.ofSeconds(5), Runnable::run,
			() -> Duration.between(Instant.EPOCH, this.clock.instant()).toNanos());

	private Function<String, Timed<String>> answering(Function<Integer, Timed<String>> answer) {
		return (token) -> answer.apply(this.questions.incrementAndGet());
	}

	@Test
	void getWhenManyAnswersFetchedTogetherThenTheyExpireSpreadOverTheLastFifthOfTheirTtl() {
		Function<String, Timed<String>> loader = answering((n) -> Timed.expiring("answer " + n, TTL));
		List<String> tokens = IntStream.range(0, 100).mapToObj((i) -> "token-" + i).toList();
		tokens.forEach((token) -> this.cache.get(token, loader));
		this.clock.advance(TTL.multipliedBy(4).dividedBy(5).minusMillis(1));
		tokens.forEach((token) -> this.cache.get(token, loader));
		assertThat(this.questions).hasValue(100);
		// nine tenths of the TTL: about half have expired, not none and not all
		this.clock.advance(TTL.dividedBy(10));
		tokens.forEach((token) -> this.cache.get(token, loader));
		int expiredEarly = this.questions.get() - 100;
		assertThat(expiredEarly).isBetween(10, 90);
		// at the TTL every answer of the first round is gone (the first step stopped a
		// millisecond short of four fifths: an answer due in the TTL's last millisecond
		// was still there)
		this.clock.advance(TTL.dividedBy(10).plusMillis(1));
		tokens.forEach((token) -> this.cache.get(token, loader));
		assertThat(this.questions).hasValue(100 + expiredEarly + (100 - expiredEarly));
	}

	@Test
	void getWhenLastingAnswerInUsePastHalfItsTtlThenRefreshedOnceAndLivesOn() {
		Function<String, Timed<String>> loader = answering((n) -> Timed.lasting("answer " + n, TTL));
		assertThat(this.cache.get("busy", loader)).hasValue("answer 1");
		this.clock.advance(TTL.dividedBy(2).minusMillis(1));
		assertThat(this.cache.get("busy", loader)).hasValue("answer 1");
		assertThat(this.questions).hasValue(1);
		this.clock.advance(Duration.ofMillis(1));
		// due: this caller gets the answer it found, the refresh replaces it for the next
		// one
		assertThat(this.cache.get("busy", loader)).hasValue("answer 1");
		assertThat(this.cache.get("busy", loader)).hasValue("answer 2");
		assertThat(this.questions).hasValue(2);
		// past the first answer's whole TTL the refreshed one still serves, without a new
		// question
		this.clock.advance(TTL.dividedBy(2).minusMillis(1));
		assertThat(this.cache.get("busy", loader)).hasValue("answer 2");
		assertThat(this.questions).hasValue(2);
	}

	@Test
	void getWhenRefreshFailsThenFoundAnswerKeptUntilItExpires() {
		Function<String, Timed<String>> loader = answering(
				(n) -> (n == 1) ? Timed.lasting("active", TTL) : Timed.failure("unreachable", Duration.ofSeconds(2)));
		this.cache.get("t", loader);
		this.clock.advance(TTL.dividedBy(2));
		assertThat(this.cache.get("t", loader)).hasValue("active");
		assertThat(this.questions).hasValue(2);
		// one refresh per answer: later callers neither wait nor ask again
		assertThat(this.cache.get("t", loader)).hasValue("active");
		assertThat(this.questions).hasValue(2);
		this.clock.advance(TTL.dividedBy(2));
		assertThat(this.cache.get("t", loader)).hasValue("unreachable");
		assertThat(this.questions).hasValue(3);
	}

	@Test
	void getWhenAskedToWaitLessThanTheBudgetThenEmptyOnceThatIsOverAndTheAnswerStillCached() throws Exception {
		TokenAnswerCache<String> cache = new TokenAnswerCache<>(1000, Duration.ofSeconds(5),
				Executors.newVirtualThreadPerTaskExecutor(), Ticker.systemTicker());
		CountDownLatch release = new CountDownLatch(1);
		Function<String, Timed<String>> slow = (token) -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Timed.expiring("late", TTL);
		};
		long start = System.nanoTime();

		assertThat(cache.get("slow", slow, Duration.ofMillis(200))).isEmpty();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		release.countDown();
		assertThat(cache.get("slow", slow)).hasValue("late");
	}

	@Test
	void getWhenLastingAnswerShortLivedThenJustExpires() {
		Duration shortLived = TokenAnswerCache.REFRESH_MIN_TTL.minusMillis(1);
		Function<String, Timed<String>> loader = answering((n) -> Timed.lasting("answer " + n, shortLived));
		this.cache.get("t", loader);
		this.clock.advance(shortLived.dividedBy(2).plusMillis(1));
		assertThat(this.cache.get("t", loader)).hasValue("answer 1");
		assertThat(this.cache.get("t", loader)).hasValue("answer 1");
		assertThat(this.questions).hasValue(1);
	}

	@Test
	void getWhenExpiringAnswerPastHalfItsTtlThenNotRefreshed() {
		Function<String, Timed<String>> loader = answering((n) -> Timed.expiring("refused " + n, TTL));
		this.cache.get("t", loader);
		this.clock.advance(TTL.dividedBy(2).plusSeconds(1));
		assertThat(this.cache.get("t", loader)).hasValue("refused 1");
		assertThat(this.cache.get("t", loader)).hasValue("refused 1");
		assertThat(this.questions).hasValue(1);
	}

}
