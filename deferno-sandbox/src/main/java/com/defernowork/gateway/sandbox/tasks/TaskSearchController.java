package com.defernowork.gateway.sandbox.tasks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Task reads beyond CRUD: full-text search and mood history. */
@RestController
final class TaskSearchController {

	private final SandboxStore store;

	private final ItemViews views;

	TaskSearchController(SandboxStore store, ItemViews views) {
		this.store = store;
		this.views = views;
	}

	@GetMapping("/api/tasks/search")
	List<Map<String, Object>> search(Account account, @RequestParam(required = false) String q,
			@RequestParam(required = false) String status, @RequestParam(required = false) String label,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(name = "parent_id", required = false) String parentId) {
		if (q == null || q.trim().length() < 2) {
			throw ApiException.validation("q must be at least 2 characters");
		}
		String needle = q.trim().toLowerCase(Locale.ROOT);
		Instant after = (from != null) ? bound(from, false) : null;
		Instant before = (to != null) ? bound(to, true) : null;
		UUID parent = (parentId != null) ? Body.uuid("parent_id", parentId) : null;
		return this.store.locked(() -> {
			Stream<Item> tasks = this.store.visibleItems(account).stream().filter((item) -> item.kind == Kind.TASK);
			tasks = tasks.filter((item) -> contains(item.title, needle) || contains(item.description, needle));
			if (status != null) {
				tasks = tasks.filter((item) -> status.equals(item.status));
			}
			if (label != null) {
				tasks = tasks.filter((item) -> item.labels.contains(label));
			}
			if (after != null) {
				tasks = tasks.filter((item) -> item.completeBy != null && !item.completeBy.isBefore(after));
			}
			if (before != null) {
				tasks = tasks.filter((item) -> item.completeBy != null && !item.completeBy.isAfter(before));
			}
			if (parent != null) {
				tasks = tasks.filter((item) -> parent.equals(item.parentId));
			}
			return tasks.map(this.views::row).toList();
		});
	}

	@GetMapping("/api/tasks/mood-history")
	List<Map<String, Object>> moodHistory(Account account) {
		return this.store.locked(() -> this.store.visibleItems(account)
			.stream()
			.filter((item) -> item.kind == Kind.TASK && "done".equals(item.status) && item.doneAt != null)
			.map(TaskSearchController::mood)
			.toList());
	}

	private static Map<String, Object> mood(Item task) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("task_id", task.id);
		row.put("title", task.title);
		row.put("task_title", task.title);
		row.put("finished_at", ItemViews.time(task.doneAt));
		row.put("productive", task.productive);
		row.put("desire", task.desire);
		row.put("mood_start", task.moodStart);
		row.put("mood_finish", task.moodFinish);
		return row;
	}

	private static boolean contains(String text, String needle) {
		return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
	}

	private static Instant bound(String value, boolean end) {
		if (value.length() == 10) {
			LocalDate date = Body.date(end ? "to" : "from", value);
			return end ? date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
					: date.atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		return Body.instant(end ? "to" : "from", value);
	}

}
