package com.defernowork.gateway.sandbox.tasks;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemTree;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/**
 * Validates and applies Task field changes (create, PATCH and batch update). Every field
 * is checked before any is written, so a rejected request changes nothing.
 */
@Component
final class TaskEditor {

	/** A user id as Deferno's payload takes it: a UUID, hyphenated. */
	private static final Pattern USER_ID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final String DESERIALIZE = "Failed to deserialize the JSON body into the target type: ";

	static final Set<String> STATUSES = Set.of("open", "in-progress", "in-review", "done", "dropped");

	private final SandboxStore store;

	private final ItemTree tree;

	private final Clock clock;

	TaskEditor(SandboxStore store, ItemTree tree, Clock clock) {
		this.store = store;
		this.tree = tree;
		this.clock = clock;
	}

	/**
	 * Rejects what a new Task's payload cannot deserialize from, with the backend's 422
	 * wording: the keys it may never carry, then a missing or null description (a string
	 * the payload requires, where the other kinds' is optional).
	 */
	static void rejectUndeserializable(Body body) {
		for (String key : List.of("recurrence", "recurring_type")) {
			if (body.has(key)) {
				throw ApiException.unprocessable(
						DESERIALIZE + "'" + key + "' is not allowed on a Task payload — Tasks are non-recurring.");
			}
		}
		if (!body.has("description")) {
			throw ApiException.unprocessable(DESERIALIZE + "missing field `description`");
		}
		if (!(body.raw("description") instanceof String)) {
			throw ApiException.unprocessable(DESERIALIZE + "description: invalid type: "
					+ ((body.raw("description") == null) ? "null" : "not a string") + ", expected a string");
		}
	}

	/**
	 * An instance is named by its local start (RFC 5545's RECURRENCE-ID), as Deferno's
	 * are.
	 */
	private static void localStart(String recurrenceId) {
		try {
			LocalDateTime.parse(recurrenceId);
		}
		catch (DateTimeParseException ex) {
			throw ApiException.validation("recurrence_id must be an ISO local date-time such as 2026-08-17T23:59:59");
		}
	}

	void apply(Account account, Item task, Body body) {
		List<Runnable> changes = new ArrayList<>();
		if (body.has("title")) {
			String title = body.string("title");
			if (title == null || title.isBlank()) {
				throw ApiException.validation("title must be non-empty");
			}
			changes.add(() -> task.title = title.trim());
		}
		if (body.has("description")) {
			String description = body.string("description");
			changes.add(() -> task.description = description);
		}
		if (body.has("labels")) {
			List<String> labels = body.strings("labels");
			changes.add(() -> task.labels = (labels != null) ? new ArrayList<>(labels) : new ArrayList<>());
		}
		if (body.has("assignee")) {
			String assignee = body.string("assignee");
			if (assignee != null && !USER_ID.matcher(assignee).matches()) {
				throw ApiException.unprocessable(DESERIALIZE + "assignee: UUID parsing failed: invalid character");
			}
			changes.add(() -> task.assignee = (assignee != null) ? assignee.toLowerCase(Locale.ROOT) : null);
		}
		if (body.has("complete_by")) {
			Instant completeBy = body.instant("complete_by");
			changes.add(() -> task.completeBy = completeBy);
		}
		if (body.has("deadline_time_of_day")) {
			String time = body.timeOfDay("deadline_time_of_day");
			changes.add(() -> task.timeOfDay = time);
		}
		for (String key : List.of("productive", "desire")) {
			if (body.has(key)) {
				Double value = body.number(key);
				if (value != null && (value < 0 || value > 1)) {
					throw ApiException.validation(key + " must be between 0 and 1");
				}
				changes.add(key.equals("productive") ? () -> task.productive = value : () -> task.desire = value);
			}
		}
		if (body.has("mood_start")) {
			Object mood = body.raw("mood_start");
			changes.add(() -> task.moodStart = mood);
		}
		if (body.has("mood_finish")) {
			Object mood = body.raw("mood_finish");
			changes.add(() -> task.moodFinish = mood);
		}
		if (body.has("pinned")) {
			Boolean pinned = body.bool("pinned");
			changes.add(() -> task.pinned = Boolean.TRUE.equals(pinned));
		}
		if (body.has("recurring_scope")) {
			String scope = body.string("recurring_scope");
			if (scope != null && !Set.of("this", "following", "all").contains(scope)) {
				throw ApiException.validation("recurring_scope must be one of this, following, all");
			}
			if (("this".equals(scope) || "following".equals(scope)) && body.string("recurrence_id") == null
					&& task.recurrenceId == null) {
				throw ApiException.validation("recurring_scope '" + scope + "' needs recurrence_id");
			}
		}
		// with recurring_scope, it selects the instance of a recurring task the update is
		// for; never a field to store (a plain task would then read as an instance)
		if (body.has("recurrence_id")) {
			String recurrenceId = body.string("recurrence_id");
			if (recurrenceId != null) {
				localStart(recurrenceId);
			}
		}
		if (body.has("recurring_type") && body.raw("recurring_type") != null) {
			throw ApiException.unprocessable(
					"'recurring_type' is not a Task field: convert the item to a Chore, Habit or Event instead");
		}
		if (body.has("recurrence") && body.raw("recurrence") != null) {
			throw ApiException.unprocessable(
					"'recurrence' is not allowed on a Task payload — Tasks are non-recurring; use convert_item");
		}
		if (body.has("blocked_by")) {
			List<Map<String, Object>> blockers = blockers(account, task, body);
			changes.add(() -> task.blockedBy = blockers);
		}
		if (body.has("status")) {
			String status = body.string("status");
			if (status == null || !STATUSES.contains(status)) {
				throw ApiException.validation("status must be one of open, in-progress, in-review, done, dropped");
			}
			if ("done".equals(status) && hasActiveSubtasks(task)) {
				throw ApiException.validation("cannot complete task with active children");
			}
			changes.add(() -> setStatus(task, status));
		}
		changes.forEach(Runnable::run);
		task.record("Edited", this.clock.instant());
	}

	private boolean hasActiveSubtasks(Item task) {
		return this.tree.children(task).stream().anyMatch((child) -> !child.kind.recurring() && !child.taskFinished());
	}

	private void setStatus(Item task, String status) {
		boolean wasFinished = task.taskFinished();
		task.status = status;
		if (task.taskFinished() && !wasFinished) {
			task.doneAt = this.clock.instant();
			task.record("done".equals(status) ? "Completed" : "StatusChanged", this.clock.instant());
		}
		else if (!task.taskFinished()) {
			task.doneAt = null;
		}
	}

	private List<Map<String, Object>> blockers(Account account, Item task, Body body) {
		List<Map<String, Object>> entries = body.objects("blocked_by");
		List<Map<String, Object>> result = new ArrayList<>();
		if (entries == null) {
			return result;
		}
		for (Map<String, Object> entry : entries) {
			Body blocker = Body.of(entry);
			UUID itemId = blocker.uuid("item");
			if (itemId == null) {
				throw ApiException
					.validation("each blocked_by entry must be {\"item\": <uuid>, \"occurrence\"?: \"YYYY-MM-DD\"}");
			}
			Item blocking = this.store.items.get(itemId);
			if (blocking == null || !account.memberOf(blocking.org.id)) {
				throw ApiException.notFound("blocked_by item " + itemId + " not found");
			}
			if (blocking.id.equals(task.id)) {
				throw ApiException.validation("a task cannot block itself");
			}
			LocalDate occurrence = blocker.date("occurrence");
			if (blocking.kind.recurring() && occurrence == null) {
				throw ApiException.validation("a recurring blocker needs its occurrence date");
			}
			Map<String, Object> edge = new LinkedHashMap<>();
			edge.put("item", itemId);
			edge.put("occurrence", (occurrence != null) ? occurrence.toString() : null);
			result.add(edge);
		}
		return result;
	}

}
