package com.defernowork.gateway.auth.storage;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Members with a score under a key (Redis sorted sets, or their memory twin), for what a
 * sweep must find again: which entries came due, and until when the longest-lived of
 * several holders lasts. Scores here are epoch milliseconds. Keys are relative, as in
 * {@link KeyValueStore}; each call touches one key, so a Redis Cluster serves them all.
 */
public interface ScoredSets {

	/** An absent member is added. */
	void score(String key, String member, long score, Change change);

	/**
	 * Sets the member's score and removes every other member scored at most
	 * {@code dropUpTo}, in one step: for members whose score is when they end.
	 */
	void scoreDroppingUpTo(String key, String member, long score, long dropUpTo);

	/** True when the member was there. */
	boolean remove(String key, String member);

	OptionalLong highest(String key);

	/** Up to {@code limit} members scored at most {@code max}, lowest first. */
	Map<String, Long> upTo(String key, long max, int limit);

	/**
	 * Moves the member's score from {@code expected} to {@code next}; false when it no
	 * longer has that score (or is gone): of several sweeps claiming one entry, one wins.
	 */
	boolean replace(String key, String member, long expected, long next);

	void delete(String key);

	/** What {@link #score} does to a member's score already there. */
	enum Change {

		/** Whatever it was. */
		SET,

		/** Only to an earlier one. */
		LOWER,

		/** Only to a later one. */
		RAISE

	}

}
