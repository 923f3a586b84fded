package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * At most so many tool calls of one person at a time. The resource server's connections
 * to Deferno serve everyone: one agent running many slow calls at once would otherwise
 * take them all, and every other person's calls would fail with "at its limit".
 */
final class PersonCallLimit {

	private final int perPerson;

	/** Kept far longer than a call lasts, so a person's running calls share one count. */
	private final Cache<String, Semaphore> running = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	PersonCallLimit(int perPerson) {
		this.perPerson = perPerson;
	}

	int perPerson() {
		return this.perPerson;
	}

	/**
	 * A permit for the calling person's call, to be released when it ends; null when that
	 * person has as many calls running already. A call without a signed-in person is not
	 * counted.
	 */
	Semaphore enter() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || !caller.isAuthenticated()) {
			return NOT_COUNTED;
		}
		Semaphore calls = this.running.get(caller.getName(), (person) -> new Semaphore(this.perPerson));
		return calls.tryAcquire() ? calls : null;
	}

	/** For a call that is not counted: releasing it changes nothing anyone waits on. */
	private static final Semaphore NOT_COUNTED = new Semaphore(Integer.MAX_VALUE / 2);

}
