package com.defernowork.gateway.mcp.catalog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most so many tool calls of one person at a time. The resource server's connections
 * to Deferno serve everyone: one agent running many slow calls at once would otherwise
 * take them all, and every other person's calls would fail with "at its limit". A person
 * is counted while calls of theirs run, and forgotten when the last ends.
 */
final class PersonCallLimit {

	private static final Runnable NOT_COUNTED = () -> {
	};

	private final int perPerson;

	private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

	PersonCallLimit(int perPerson) {
		this.perPerson = perPerson;
	}

	int perPerson() {
		return this.perPerson;
	}

	/**
	 * Counts the person's call: what ends it, or null when that person has as many calls
	 * running already. A call without a signed-in person (null) is not counted.
	 */
	Runnable enter(String person) {
		if (person == null) {
			return NOT_COUNTED;
		}
		AtomicBoolean admitted = new AtomicBoolean();
		this.running.compute(person, (key, calls) -> {
			int now = (calls != null) ? calls : 0;
			if (now >= this.perPerson) {
				return calls;
			}
			admitted.set(true);
			return now + 1;
		});
		return admitted.get()
				? () -> this.running.computeIfPresent(person, (key, calls) -> (calls > 1) ? calls - 1 : null) : null;
	}

}
