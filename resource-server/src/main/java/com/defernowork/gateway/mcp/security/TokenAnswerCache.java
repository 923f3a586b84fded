package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * What the authorization server said about a bearer token, asked at most once at a time per token. The question runs
 * on the executor, never under a map lock (Caffeine keeps the pending answer as a future); every caller, the first
 * included, waits for it at most its budget, and a late answer is still kept for the next caller. Each answer lives
 * for its own TTL shortened by up to a fifth at random, so answers fetched together do not expire together and
 * return to the authorization server as one wave.
 *
 * @param <V> the answer; failures are answers too (with a short TTL), so that retries do not keep a saturated
 * authorization server saturated
 */
public final class TokenAnswerCache<V> {

	/** The largest share of its TTL by which an answer may expire early. */
	static final double JITTER = 0.2;

	private final AsyncCache<String, Timed<V>> cache;

	private final Executor executor;

	private final Duration budget;

	/**
	 * @param maximumSize most answers kept
	 * @param budget how long a caller waits for a pending answer
	 * @param executor where the authorization server is asked
	 * @param ticker the cache's clock
	 */
	public TokenAnswerCache(long maximumSize, Duration budget, Executor executor, Ticker ticker) {
		this.executor = executor;
		this.budget = budget;
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.creating((String key, Timed<V> answer) -> jittered(answer.ttl())))
			.executor(executor)
			.ticker(ticker)
			.recordStats()
			.buildAsync();
	}

	/**
	 * The answer for the token: the cached one, the pending one, or a new question to the authorization server.
	 * @param loader asks the authorization server (on the executor) and says how long its answer holds; it should
	 * turn failures into answers rather than throw
	 * @return the answer, or empty when none came within the budget
	 */
	public Optional<V> get(String token, Function<String, Timed<V>> loader) {
		CompletableFuture<Timed<V>> answer = this.cache.get(TokenKeys.of(token),
				(key, cacheExecutor) -> CompletableFuture.supplyAsync(() -> loader.apply(token), this.executor));
		try {
			return Optional.of(answer.get(this.budget.toNanos(), TimeUnit.NANOSECONDS).value());
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			// the loader threw after all: Caffeine has dropped the failed future, the next caller asks again
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** Publishes the cache's hit, miss and eviction counts under {@code cacheName}. */
	public void bindMetrics(MeterRegistry registry, String cacheName) {
		CaffeineCacheMetrics.monitor(registry, this.cache, cacheName);
	}

	/** Forgets the answer for this token (a pending question still completes, but is not kept). */
	public void invalidate(String token) {
		this.cache.synchronous().invalidate(TokenKeys.of(token));
	}

	private static Duration jittered(Duration ttl) {
		long nanos = ttl.toNanos();
		if (nanos <= 0) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(nanos - (long) (nanos * JITTER * ThreadLocalRandom.current().nextDouble()));
	}

	/**
	 * An answer and how long it holds.
	 *
	 * @param <V> the answer
	 * @param value the answer
	 * @param ttl how long it may be reused at most
	 */
	public record Timed<V>(V value, Duration ttl) {
	}

}
