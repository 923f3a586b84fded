package com.defernowork.gateway.mcp.catalog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.defernowork.gateway.mcp.deferno.client.PersonLanes;

/**
 * At most so many tool calls of one person at a time. The resource server's connections
 * to Deferno serve everyone: one agent running many slow calls at once would otherwise
 * take them all, and every other person's calls would fail with "at its limit". A call
 * that reads several items at once takes its extra lanes from the same share: a lane is
 * granted only while the person's calls and lanes are fewer than the limit, and a call is
 * never refused for another call's lanes: a lane gives its room back before its next
 * input while the calls admitted since leave more than the limit running (so at most the
 * lanes' requests already under way exceed it, and only until they answer). A person is
 * counted while calls of theirs run, and forgotten when the last ends.
 */
final class PersonCallLimit implements PersonLanes {

	private static final Runnable NOT_COUNTED = () -> {
	};

	private final int perPerson;

	private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();

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
		this.running.compute(person, (key, now) -> {
			Running counted = (now != null) ? now : Running.NONE;
			if (counted.calls() >= this.perPerson) {
				return now;
			}
			admitted.set(true);
			return new Running(counted.calls() + 1, counted.lanes());
		});
		return admitted.get() ? () -> leave(person, -1, 0) : null;
	}

	@Override
	public Runnable extraLane(String person) {
		if (person == null) {
			return NOT_COUNTED;
		}
		AtomicBoolean admitted = new AtomicBoolean();
		this.running.computeIfPresent(person, (key, now) -> {
			if (now.calls() + now.lanes() >= this.perPerson) {
				return now;
			}
			admitted.set(true);
			return new Running(now.calls(), now.lanes() + 1);
		});
		return admitted.get() ? () -> leave(person, 0, -1) : null;
	}

	@Override
	public boolean shedLane(String person) {
		if (person == null) {
			return false;
		}
		AtomicBoolean shed = new AtomicBoolean();
		this.running.computeIfPresent(person, (key, now) -> {
			if (now.lanes() == 0 || now.calls() + now.lanes() <= this.perPerson) {
				return now;
			}
			shed.set(true);
			return new Running(now.calls(), now.lanes() - 1);
		});
		return shed.get();
	}

	private void leave(String person, int calls, int lanes) {
		this.running.computeIfPresent(person, (key, now) -> {
			Running left = new Running(now.calls() + calls, now.lanes() + lanes);
			return left.equals(Running.NONE) ? null : left;
		});
	}

	/** The person's running calls, and the extra lanes they read with. */
	private record Running(int calls, int lanes) {

		static final Running NONE = new Running(0, 0);

	}

}
