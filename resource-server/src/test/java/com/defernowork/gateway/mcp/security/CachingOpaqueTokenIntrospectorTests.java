package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector.Outcome;
import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachingOpaqueTokenIntrospectorTests {

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private static final Duration CEILING = Duration.ofSeconds(60);

	private static final McpSecurityProperties.Cache SETTINGS = new McpSecurityProperties.Cache(CEILING,
			Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMinutes(10), 1000);

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger calls = new AtomicInteger();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	/**
	 * Questions answered on the calling thread: every test step sees the cache as the
	 * previous one left it.
	 */
	private CachingOpaqueTokenIntrospector caching(OpaqueTokenIntrospector delegate) {
		return caching(delegate, Runnable::run, Duration.ofSeconds(5));
	}

	private CachingOpaqueTokenIntrospector caching(OpaqueTokenIntrospector delegate, Executor executor,
			Duration budget) {
		TokenAnswerCache<Outcome> cache = new TokenAnswerCache<>(SETTINGS.maximumSize(), budget, executor,
				() -> Duration.between(Instant.EPOCH, this.clock.instant()).toNanos());
		return new CachingOpaqueTokenIntrospector(new AudienceCheckingIntrospector(delegate, RESOURCE, this.clock),
				SETTINGS, cache, new UnknownTokenBudget(0, Ticker.systemTicker()), this.clock);
	}

	private OpaqueTokenIntrospector answering(String aud, Instant exp) {
		return (token) -> {
			this.calls.incrementAndGet();
			return principal(aud, exp);
		};
	}

	private static OAuth2AuthenticatedPrincipal principal(String aud, Instant exp) {
		return new DefaultOAuth2AuthenticatedPrincipal("u-alice1", Map.of("aud", List.of(aud), "exp", exp), List.of());
	}

	/** Shorter than any jittered TTL: at most a fifth is taken off. */
	private static Duration safelyWithin(Duration ttl) {
		return Duration.ofMillis((long) (ttl.toMillis() * (1 - TokenAnswerCache.JITTER)) - 1);
	}

	@Test
	void introspectWhenTokenExpiresBeforeCeilingThenCachedOnlyUntilExpiry() {
		Duration life = Duration.ofSeconds(20);
		CachingOpaqueTokenIntrospector introspector = caching(answering(RESOURCE, this.clock.instant().plus(life)));
		OAuth2AuthenticatedPrincipal principal = introspector.introspect("t1");
		assertThat(principal.getName()).isEqualTo("u-alice1");
		// before half its life (when a check would run ahead of expiry): answered from
		// the cache
		this.clock.advance(life.dividedBy(2).minusMillis(1));
		introspector.introspect("t1");
		assertThat(this.calls).hasValue(1);
		this.clock.advance(life.dividedBy(2).plusMillis(1));
		// the cached answer is gone with the token's life; the delegate is asked and now
		// finds it expired
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t1"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void introspectWhenOtherAudienceThenRefusedAndNegativelyCached() {
		CachingOpaqueTokenIntrospector introspector = caching(
				answering("https://other.example.test/mcp", this.clock.instant().plusSeconds(600)));
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t2"))
			.withMessageContaining(RESOURCE);
		this.clock.advance(safelyWithin(SETTINGS.negativeTtl()));
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t2"));
		assertThat(this.calls).hasValue(1);
		this.clock.advance(SETTINGS.negativeTtl());
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t2"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void introspectWhenAuthServerUnreachableThenFailureRememberedForErrorTtlOnly() {
		CachingOpaqueTokenIntrospector introspector = caching((token) -> {
			this.calls.incrementAndGet();
			throw new OAuth2IntrospectionException("connection refused");
		});
		assertThatExceptionOfType(OAuth2IntrospectionException.class).isThrownBy(() -> introspector.introspect("t3"))
			.withMessage("The authorization server could not check the token");
		this.clock.advance(safelyWithin(SETTINGS.errorTtl()));
		// a retry right away does not go back to a struggling authorization server
		assertThatExceptionOfType(OAuth2IntrospectionException.class).isThrownBy(() -> introspector.introspect("t3"));
		assertThat(this.calls).hasValue(1);
		this.clock.advance(SETTINGS.errorTtl());
		assertThatExceptionOfType(OAuth2IntrospectionException.class).isThrownBy(() -> introspector.introspect("t3"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void invalidateWhenCachedThenAskedAgain() {
		CachingOpaqueTokenIntrospector introspector = caching(
				answering(RESOURCE, this.clock.instant().plusSeconds(600)));
		introspector.introspect("t4");
		introspector.invalidate("t4");
		introspector.introspect("t4");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void introspectWhenRevokedTokenInUseThenRefreshSeesItBeforeTheCeiling() {
		AtomicInteger answers = new AtomicInteger();
		CachingOpaqueTokenIntrospector introspector = caching((token) -> {
			this.calls.incrementAndGet();
			if (answers.getAndIncrement() == 0) {
				return principal(RESOURCE, this.clock.instant().plusSeconds(3600));
			}
			throw new BadOpaqueTokenException("Provided token isn't active");
		});
		introspector.introspect("t5");
		this.clock.advance(CEILING.dividedBy(2));
		// past half its cache life: this request still gets the cached answer, and a
		// check runs behind it
		assertThat(introspector.introspect("t5").getName()).isEqualTo("u-alice1");
		assertThat(this.calls).hasValue(2);
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t5"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void introspectWhenManyRequestsCarryTheSameTokenThenOneQuestion() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CachingOpaqueTokenIntrospector introspector = caching((token) -> {
			this.calls.incrementAndGet();
			await(release);
			return principal(RESOURCE, this.clock.instant().plusSeconds(600));
		}, this.threads, Duration.ofSeconds(30));
		List<Thread> callers = new CopyOnWriteArrayList<>();
		List<Future<OAuth2AuthenticatedPrincipal>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(this.threads.submit(() -> {
				callers.add(Thread.currentThread());
				return introspector.introspect("same");
			}));
		}
		awaitAllWaiting(callers, 20);
		release.countDown();
		for (Future<OAuth2AuthenticatedPrincipal> answer : answers) {
			assertThat(answer.get().getName()).isEqualTo("u-alice1");
		}
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void introspectWhenAnswerSlowerThanBudgetThenUnavailableButAnswerKeptForNextCaller() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CachingOpaqueTokenIntrospector introspector = caching((token) -> {
			this.calls.incrementAndGet();
			await(release);
			return principal(RESOURCE, this.clock.instant().plusSeconds(600));
		}, this.threads, Duration.ofMillis(50));
		assertThatExceptionOfType(OAuth2IntrospectionException.class).isThrownBy(() -> introspector.introspect("slow"))
			.withMessageContaining("did not answer the token check in time");
		release.countDown();
		// the question went on after its caller gave up: the next caller gets its answer,
		// not a new question
		OAuth2AuthenticatedPrincipal principal = null;
		while (principal == null) {
			try {
				principal = introspector.introspect("slow");
			}
			catch (OAuth2IntrospectionException stillPending) {
				Thread.yield();
			}
		}
		assertThat(principal.getName()).isEqualTo("u-alice1");
		assertThat(this.calls).hasValue(1);
	}

	/**
	 * Until every caller is parked: one asking the delegate, the others waiting for its
	 * answer.
	 */
	private static void awaitAllWaiting(List<Thread> callers, int count) {
		while (callers.size() < count || callers.stream().anyMatch((t) -> t.getState() == Thread.State.RUNNABLE)) {
			Thread.yield();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
