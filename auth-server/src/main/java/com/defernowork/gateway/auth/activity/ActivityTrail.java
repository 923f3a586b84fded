package com.defernowork.gateway.auth.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.storage.KeyValueStore;

/**
 * Each person's last tool calls, newest first, as one bounded JSON list in the
 * {@link KeyValueStore} (Redis or memory, like every small store) that expires
 * {@code auth.activity.ttl} after the last call. Two reports handled at the same instant
 * may race and one's entries be lost: this is a convenience view, the audit log is the
 * record.
 */
public final class ActivityTrail {

	private static final TypeReference<List<ActivityEntry>> ENTRIES = new TypeReference<>() {
	};

	private final KeyValueStore store;

	private final JsonMapper json;

	private final ActivityProperties properties;

	private final Clock clock;

	ActivityTrail(KeyValueStore store, JsonMapper json, ActivityProperties properties, Clock clock) {
		this.store = store;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Adds reported calls (oldest first) to their people's trails: one read and one write
	 * per person, however many of their calls the report carries.
	 */
	void record(List<ReportedCall> calls) {
		Instant now = this.clock.instant();
		Map<String, List<ActivityEntry>> newestFirst = new LinkedHashMap<>();
		for (ReportedCall call : calls.reversed()) {
			List<ActivityEntry> entries = newestFirst.computeIfAbsent(call.user(), (user) -> new ArrayList<>());
			if (entries.size() < this.properties.maxEntries()) {
				entries.add(new ActivityEntry(call.client(), call.tool(), call.outcome(), now, call.durationMs()));
			}
		}
		newestFirst.forEach((userId, entries) -> {
			List<ActivityEntry> earlier = recent(userId);
			int room = this.properties.maxEntries() - entries.size();
			entries.addAll(earlier.subList(0, Math.min(earlier.size(), room)));
			this.store.put(key(userId), this.json.writeValueAsString(entries), this.properties.ttl());
		});
	}

	/** The person's recent tool calls, newest first; empty when there are none. */
	public List<ActivityEntry> recent(String userId) {
		String value = this.store.get(key(userId));
		if (value == null) {
			return List.of();
		}
		try {
			return this.json.readValue(value, ENTRIES);
		}
		catch (JacksonException ex) {
			// an unreadable trail (an older format) is dropped, not shown
			return List.of();
		}
	}

	private static String key(String userId) {
		return "activity:" + userId;
	}

}
