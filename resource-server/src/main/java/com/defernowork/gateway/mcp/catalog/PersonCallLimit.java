package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * <p>
 * Of the calls admitted, a few run at a time ({@value #AT_ONCE} by default) and the
 * others wait their turn, first come first served ({@link #turn}): ten of one person's
 * calls reading year-long calendars and 500-item lists at once held an 80 MB heap in full
 * collections and had everyone else's calls wait behind theirs (quiet people's p50 about
 * 200 ms, p95 600 to 800 ms, where three at once answered that person as many calls and
 * everyone else in 80 and 220 ms). Only that person's calls wait; a wait holds no memory
 * but the request.
 */
final class PersonCallLimit implements PersonLanes {

	private static final Runnable NOT_COUNTED = () -> {
	};

	/**
	 * A person's calls running at a time by default; the others admitted wait their turn.
	 */
	static final int AT_ONCE = 3;

	private final int perPerson;

	private final int atOnce;

	private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();

	PersonCallLimit(int perPerson) {
		this(perPerson, AT_ONCE);
	}

	PersonCallLimit(int perPerson, int atOnce) {
		this.perPerson = perPerson;
		this.atOnce = Math.min(atOnce, perPerson);
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
			Running counted = (now != null) ? now : new Running(0, 0, new Semaphore(this.atOnce, true));
			if (counted.calls() >= this.perPerson) {
				return now;
			}
			admitted.set(true);
			return new Running(counted.calls() + 1, counted.lanes(), counted.turns());
		});
		return admitted.get() ? () -> leave(person, -1, 0) : null;
	}

	/**
	 * Waits for the turn of a call of the person's that {@link #enter} admitted, at most
	 * {@code wait}: what gives it back, or null when none came in time (or the wait was
	 * interrupted). A call without a signed-in person does not wait.
	 */
	Runnable turn(String person, Duration wait) {
		Running now = (person != null) ? this.running.get(person) : null;
		if (now == null) {
			return NOT_COUNTED;
		}
		Semaphore turns = now.turns();
		try {
			if (!turns.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
				return null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		return turns::release;
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
			return new Running(now.calls(), now.lanes() + 1, now.turns());
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
			return new Running(now.calls(), now.lanes() - 1, now.turns());
		});
		return shed.get();
	}

	private void leave(String person, int calls, int lanes) {
		this.running.computeIfPresent(person, (key, now) -> {
			Running left = new Running(now.calls() + calls, now.lanes() + lanes, now.turns());
			return (left.calls() == 0 && left.lanes() == 0) ? null : left;
		});
	}

	/**
	 * The person's running calls, the extra lanes they read with, and the turns their
	 * calls take (kept while any of them is counted).
	 */
	private record Running(int calls, int lanes, Semaphore turns) {
	}

}
