package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.web.http.CallerNetwork;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * How many tokens the authorization server refused for one caller network within a
 * minute. Anyone can send made-up bearer tokens, and each new one costs an introspection:
 * past the budget, a network's tokens that are not already known are refused without
 * asking (429), while tokens checked before, a person's own in use, are still answered
 * from the cache. A network is an IPv4 address or an IPv6 /64 (what one host or one
 * customer line gets). A refused token counts once while its refusal is remembered, so a
 * client that retries one expired token does not use up its network's budget.
 */
final class UnknownTokenBudget {

	static final Duration WINDOW = Duration.ofMinutes(1);

	/** Most networks counted at once. */
	static final long MAXIMUM_NETWORKS = 100_000;

	private final int perMinute;

	/**
	 * Refusals per network in its window, which starts at its first refusal: written
	 * once, so it expires a minute later however many follow.
	 */
	private final Cache<String, AtomicInteger> refusals;

	UnknownTokenBudget(int perMinute, Ticker ticker) {
		this.perMinute = perMinute;
		this.refusals = Caffeine.newBuilder()
			.expireAfterWrite(WINDOW)
			.maximumSize(MAXIMUM_NETWORKS)
			.ticker(ticker)
			.build();
	}

	/**
	 * The current request's caller network, or {@code null} off a request or when off.
	 */
	String callerNetwork() {
		if (this.perMinute <= 0
				|| !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return null;
		}
		HttpServletRequest request = attributes.getRequest();
		return CallerNetwork.machine(request.getRemoteAddr());
	}

	/** When the network's budget is spent, how long until it is renewed; else null. */
	Duration spent(String network) {
		AtomicInteger count = this.refusals.getIfPresent(network);
		if (count == null || count.get() < this.perMinute) {
			return null;
		}
		Duration age = this.refusals.policy()
			.expireAfterWrite()
			.flatMap((expiry) -> expiry.ageOf(network))
			.orElse(WINDOW);
		Duration left = WINDOW.minus(age);
		return left.isNegative() ? Duration.ZERO : left;
	}

	/** The refusals a network may have within a minute. */
	int perMinute() {
		return this.perMinute;
	}

	void refused(String network) {
		this.refusals.get(network, (key) -> new AtomicInteger()).incrementAndGet();
	}

}
