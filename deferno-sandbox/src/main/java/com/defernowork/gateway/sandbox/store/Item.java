package com.defernowork.gateway.sandbox.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One item of any kind. Fields that do not apply to a kind stay null. Mutable, guarded by
 * the store lock.
 */
public final class Item {

	public final UUID id;

	public Org org;

	public int sequence;

	public Kind kind;

	public String title;

	public String description;

	/**
	 * Task: open, in-progress, in-review, done, dropped. Recurring kinds: active,
	 * archived.
	 */
	public String status;

	public List<String> labels = new ArrayList<>();

	public UUID parentId;

	public final List<UUID> childIds = new ArrayList<>();

	public Instant completeBy;

	public Instant endTime;

	public String timeOfDay;

	public final Instant dateCreated;

	public final UUID createdBy;

	public String assignee;

	public Double productive;

	public Double desire;

	public Object moodStart;

	public Object moodFinish;

	public boolean pinned;

	public List<Map<String, Object>> blockedBy = new ArrayList<>();

	public Map<String, Object> recurrence;

	/**
	 * First date of the recurring series (the local date of the creating
	 * {@code complete_by}).
	 */
	public LocalDate anchor;

	public UUID seriesId;

	public String recurrenceId;

	public Instant doneAt;

	public String alias;

	public final List<Map<String, Object>> actions = new ArrayList<>();

	public final TreeMap<LocalDate, Occurrence> occurrences = new TreeMap<>();

	public Item(UUID id, Org org, int sequence, Kind kind, String title, Instant dateCreated, UUID createdBy) {
		this.id = id;
		this.org = org;
		this.sequence = sequence;
		this.kind = kind;
		this.title = title;
		this.dateCreated = dateCreated;
		this.createdBy = createdBy;
		this.status = kind.recurring() ? "active" : "open";
	}

	public String ref() {
		return this.org.slug + "-" + this.sequence;
	}

	public void record(String action, Instant at) {
		this.actions.add(Map.of("kind", action, "at", at));
	}

	public boolean taskFinished() {
		return "done".equals(this.status) || "dropped".equals(this.status);
	}

	/** A copy for all-or-nothing batches. */
	public Item copy() {
		Item copy = new Item(this.id, this.org, this.sequence, this.kind, this.title, this.dateCreated, this.createdBy);
		copy.description = this.description;
		copy.status = this.status;
		copy.labels = new ArrayList<>(this.labels);
		copy.parentId = this.parentId;
		copy.childIds.addAll(this.childIds);
		copy.completeBy = this.completeBy;
		copy.endTime = this.endTime;
		copy.timeOfDay = this.timeOfDay;
		copy.assignee = this.assignee;
		copy.productive = this.productive;
		copy.desire = this.desire;
		copy.moodStart = this.moodStart;
		copy.moodFinish = this.moodFinish;
		copy.pinned = this.pinned;
		copy.blockedBy = new ArrayList<>(this.blockedBy);
		copy.recurrence = this.recurrence;
		copy.anchor = this.anchor;
		copy.seriesId = this.seriesId;
		copy.recurrenceId = this.recurrenceId;
		copy.doneAt = this.doneAt;
		copy.alias = this.alias;
		copy.actions.addAll(this.actions);
		this.occurrences.forEach((date, occurrence) -> copy.occurrences.put(date, occurrence.copy()));
		return copy;
	}

}
