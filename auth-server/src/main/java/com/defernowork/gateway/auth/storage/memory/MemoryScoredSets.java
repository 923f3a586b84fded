package com.defernowork.gateway.auth.storage.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import com.defernowork.gateway.auth.storage.ScoredSets;

/** Sorted sets in maps; each call is atomic on its key, as a Redis command is. */
public final class MemoryScoredSets implements ScoredSets {

	private final Map<String, Map<String, Long>> sets = new ConcurrentHashMap<>();

	@Override
	public void score(String key, String member, long score, Change change) {
		this.sets.compute(key, (name, set) -> {
			Map<String, Long> scores = (set != null) ? set : new LinkedHashMap<>();
			scores.merge(member, score, (current, next) -> switch (change) {
				case SET -> next;
				case LOWER -> Math.min(current, next);
				case RAISE -> Math.max(current, next);
			});
			return scores;
		});
	}

	@Override
	public void scoreDroppingUpTo(String key, String member, long score, long dropUpTo) {
		this.sets.compute(key, (name, set) -> {
			Map<String, Long> scores = (set != null) ? set : new LinkedHashMap<>();
			scores.values().removeIf((other) -> other <= dropUpTo);
			scores.put(member, score);
			return scores;
		});
	}

	@Override
	public boolean remove(String key, String member) {
		boolean[] removed = { false };
		this.sets.computeIfPresent(key, (name, scores) -> {
			removed[0] = scores.remove(member) != null;
			return scores.isEmpty() ? null : scores;
		});
		return removed[0];
	}

	@Override
	public OptionalLong highest(String key) {
		return copy(key).values().stream().mapToLong(Long::longValue).max();
	}

	@Override
	public Map<String, Long> upTo(String key, long max, int limit) {
		Map<String, Long> due = new LinkedHashMap<>();
		copy(key).entrySet()
			.stream()
			.filter((entry) -> entry.getValue() <= max)
			.sorted(Map.Entry.comparingByValue())
			.limit(limit)
			.forEach((entry) -> due.put(entry.getKey(), entry.getValue()));
		return due;
	}

	@Override
	public boolean replace(String key, String member, long expected, long next) {
		boolean[] replaced = { false };
		this.sets.computeIfPresent(key, (name, scores) -> {
			replaced[0] = scores.replace(member, expected, next);
			return scores;
		});
		return replaced[0];
	}

	@Override
	public void delete(String key) {
		this.sets.remove(key);
	}

	private Map<String, Long> copy(String key) {
		Map<String, Long> copy = new LinkedHashMap<>();
		this.sets.computeIfPresent(key, (name, scores) -> {
			copy.putAll(scores);
			return scores;
		});
		return copy;
	}

}
