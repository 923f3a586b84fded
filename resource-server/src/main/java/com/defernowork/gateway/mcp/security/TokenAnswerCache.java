package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * What the authorization server said about a bearer token, asked at most once at a time
 * per token. The question runs on the executor, never under a map lock (Caffeine keeps
 * the pending answer as a future); every caller, the first included, waits for it at most
 * its budget, and a late answer is still kept for the next caller. Each answer lives for
 * its own TTL shortened by up to a fifth at random, so answers fetched together do not
 * expire together and return to the authorization server as one wave. A refreshable
 * answer (TTL of 10 s or more) still in use past half its TTL is asked again in the
 * background (with the token of the request that found it: keys are digests), and
 * replaced unless that fails, so a busy session never waits for its token check.
 *
 * @param <V> the answer; failures are answers too (with a short TTL), so that retries do
 * not keep a saturated authorization server saturated
 */
public final class TokenAnswerCache<V> {

	/** The largest share of its TTL by which an answer may expire early. */
	static final double JITTER = 0.2;

	/**
	 * Shorter-lived answers just expire: refreshing them would save little and ask often.
	 */
	static final Duration REFRESH_MIN_TTL = Duration.ofSeconds(10);

	private final AsyncCache<String, Entry<V>> cache;

	private final Executor executor;

	private final Duration budget;

	private final Ticker ticker;

	/**
	 * @param maximumSize most answers kept
	 * @param budget how long a caller waits for a pending answer
	 * @param executor where the authorization server is asked
	 * @param ticker the cache's clock
	 */
	public TokenAnswerCache(long maximumSize, Duration budget, Executor executor, Ticker ticker) {
		this.executor = executor;
		this.budget = budget;
		this.ticker = ticker;
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.writing((String key, Entry<V> entry) -> jittered(entry.answer().ttl())))
			.executor(executor)
			.ticker(ticker)
			.recordStats()
			.buildAsync();
	}

	/**
	 * The answer for the token: the cached one, the pending one, or a new question to the
	 * authorization server.
	 * @param loader asks the authorization server (on the executor) and says how long its
	 * answer holds; it should turn failures into answers rather than throw
	 * @return the answer, or empty when none came within the budget
	 */
	public Optional<V> get(String token, Function<String, Timed<V>> loader) {
		return get(token, loader, null);
	}

	/**
	 * As {@link #get(String, Function)}, waiting no longer than {@code wait} when that is
	 * shorter than the budget (what is left of a tool call's time).
	 */
	public Optional<V> get(String token, Function<String, Timed<V>> loader, Duration wait) {
		String key = TokenKeys.of(token);
		CompletableFuture<Entry<V>> answer = this.cache.get(key, (k, cacheExecutor) -> load(token, loader));
		Duration patience = (wait != null && wait.compareTo(this.budget) < 0) ? wait : this.budget;
		try {
			Entry<V> entry = answer.get(patience.toNanos(), TimeUnit.NANOSECONDS);
			if (entry.claimRefresh(this.ticker.read())) {
				// one refresh per answer: should it fail, the answer stands until it
				// expires, and an outage is not asked again on every request
				load(token, loader).thenAccept((fresh) -> {
					if (!fresh.answer().failed()) {
						this.cache.asMap().replace(key, answer, CompletableFuture.completedFuture(fresh));
					}
				});
			}
			return Optional.of(entry.answer().value());
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			// the loader threw after all: Caffeine has dropped the failed future, the
			// next caller asks again
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** Whether an answer for the token is kept or on its way. */
	public boolean contains(String token) {
		return this.cache.getIfPresent(TokenKeys.of(token)) != null;
	}

	/** Publishes the cache's hit, miss and eviction counts under {@code cacheName}. */
	public void bindMetrics(MeterRegistry registry, String cacheName) {
		CaffeineCacheMetrics.monitor(registry, this.cache, cacheName);
	}

	/**
	 * Forgets the answer for this token (a pending question still completes, but is not
	 * kept).
	 */
	public void invalidate(String token) {
		this.cache.synchronous().invalidate(TokenKeys.of(token));
	}

	private CompletableFuture<Entry<V>> load(String token, Function<String, Timed<V>> loader) {
		return CompletableFuture.supplyAsync(() -> {
			Timed<V> answer = loader.apply(token);
			boolean refreshable = answer.refreshable() && answer.ttl().compareTo(REFRESH_MIN_TTL) >= 0;
			long refreshAt = refreshable ? this.ticker.read() + answer.ttl().toNanos() / 2 : Long.MAX_VALUE;
			return new Entry<>(answer, refreshAt, new AtomicBoolean());
		}, this.executor);
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
	 * @param refreshable whether it is worth asking again ahead of its expiry while it is
	 * in use
	 * @param failed whether it says that no real answer could be had (never replaces one
	 * by refresh)
	 */
	public record Timed<V>(V value, Duration ttl, boolean refreshable, boolean failed) {

		/** An answer worth keeping fresh while in use, e.g. an active token. */
		public static <V> Timed<V> lasting(V value, Duration ttl) {
			return new Timed<>(value, ttl, true, false);
		}

		/** An answer that simply expires, e.g. a refusal. */
		public static <V> Timed<V> expiring(V value, Duration ttl) {
			return new Timed<>(value, ttl, false, false);
		}

		/**
		 * No answer could be had; remembered so that retries do not ask again at once.
		 */
		public static <V> Timed<V> failure(V value, Duration ttl) {
			return new Timed<>(value, ttl, false, true);
		}

	}

	/**
	 * A cached answer, when it is due for a refresh, and whether one has been started.
	 */
	private record Entry<V>(Timed<V> answer, long refreshAt, AtomicBoolean refreshing) {

		boolean claimRefresh(long now) {
			return now >= this.refreshAt && this.refreshing.compareAndSet(false, true);
		}

	}

}
