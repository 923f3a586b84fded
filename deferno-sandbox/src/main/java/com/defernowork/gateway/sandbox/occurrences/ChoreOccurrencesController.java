package com.defernowork.gateway.sandbox.occurrences;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.items.ItemTree;
import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Occurrence;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chore occurrences: list ({@code [{date, status}]}, unfinished past ones
 * {@code Missed}), set one by date, mark the next unresolved one, clear, and the
 * unsupported reschedule (501, legacy storage).
 */
@RestController
final class ChoreOccurrencesController {

	static final List<String> ACTIONS = List.of("in_progress", "done", "skipped");

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final ItemViews views;

	private final Clock clock;

	ChoreOccurrencesController(SandboxStore store, ItemAccess access, ItemTree tree, ItemViews views, Clock clock) {
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.clock = clock;
	}

	@GetMapping("/api/chores/{id}/occurrences")
	List<Map<String, Object>> list(Account account, @PathVariable UUID id, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		LocalDate[] range = OccurrenceDates.range(from, to);
		return this.store.locked(() -> {
			Item chore = this.access.item(account, id, Kind.CHORE);
			return Schedules.dates(chore, range[0], range[1])
				.stream()
				.map((date) -> view(chore, date, account))
				.toList();
		});
	}

	@PutMapping("/api/chores/{id}/occurrences/{date}")
	Map<String, Object> set(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		String action = action(body, "status");
		boolean cascade = Boolean.TRUE.equals(body.bool("cascade_subtasks"));
		return this.store.locked(() -> {
			Item chore = this.access.item(account, id, Kind.CHORE);
			LocalDate day = OccurrenceDates.occurrence(chore, date);
			apply(chore, day, action, cascade, account);
			return view(chore, day, account);
		});
	}

	@PostMapping("/api/chores/{id}/mark-next-done")
	Map<String, Object> markNext(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		String action = action(body, "action");
		return this.store.locked(() -> {
			Item chore = this.access.item(account, id, Kind.CHORE);
			LocalDate next = nextUnresolved(chore, account);
			// Deferno's MarkNextDonePayload has the action alone: no cascade here
			apply(chore, next, action, false, account);
			return view(chore, next, account);
		});
	}

	@PostMapping("/api/chores/{id}/occurrences/{date}/reschedule")
	Map<String, Object> reschedule(Account account, @PathVariable UUID id, @PathVariable String date) {
		this.store.locked(() -> this.access.item(account, id, Kind.CHORE));
		throw new ApiException(org.springframework.http.HttpStatus.NOT_IMPLEMENTED, "not_implemented",
				"rescheduling a Chore occurrence is not supported (legacy storage)");
	}

	@PostMapping("/api/chores/{id}/occurrences/{date}/clear")
	ResponseEntity<Void> clear(Account account, @PathVariable UUID id, @PathVariable String date) {
		LocalDate day = OccurrenceDates.date(date);
		this.store.locked(() -> this.access.item(account, id, Kind.CHORE).occurrences.remove(day));
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/api/chores/{id}/occurrences/{date}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id, @PathVariable String date) {
		return clear(account, id, date);
	}

	/** OpenAPI names it {@code action}; the MCP sends {@code status}: accept either. */
	private static String action(Body body, String preferred) {
		String value = body.has("action") ? body.string("action") : body.string("status");
		if (value == null) {
			throw ApiException
				.badRequest("missing required field '" + preferred + "' (one of in_progress, done, skipped)");
		}
		if (!ACTIONS.contains(value)) {
			throw ApiException
				.badRequest("invalid chore action '" + value + "': must be one of in_progress, done, skipped");
		}
		return value;
	}

	private void apply(Item chore, LocalDate date, String action, boolean cascade, Account account) {
		if (!"in_progress".equals(action)) {
			Subtasks.resolve(this.tree, chore, "done".equals(action), cascade, this.clock.instant());
		}
		Occurrence row = Schedules.row(chore, date);
		LocalDate today = this.views.today(account);
		switch (action) {
			case "done" -> {
				row.status = today.isAfter(date) ? "done_late" : "done_on_time";
				row.doneAt = this.clock.instant();
			}
			case "skipped" -> {
				row.status = "skipped";
				row.doneAt = null;
			}
			default -> {
				row.status = "in_progress";
				row.doneAt = null;
			}
		}
	}

	/**
	 * Unfinished chores carry forward: the first unresolved occurrence after the latest
	 * resolved one.
	 */
	private LocalDate nextUnresolved(Item chore, Account account) {
		LocalDate start = chore.anchor;
		for (Occurrence row : chore.occurrences.descendingMap().values()) {
			if (row.resolved()) {
				start = row.date.plusDays(1);
				break;
			}
		}
		LocalDate limit = this.views.today(account).plusDays(OccurrenceDates.MAX_RANGE_DAYS);
		for (LocalDate date : Schedules.dates(chore, start, limit)) {
			if (!Schedules.on(chore, date).resolved()) {
				return date;
			}
		}
		throw ApiException.notFound("no unresolved occurrence of this chore");
	}

	private Map<String, Object> view(Item chore, LocalDate date, Account account) {
		Occurrence occurrence = Schedules.on(chore, date);
		String status = occurrence.status;
		if (!occurrence.resolved() && !"in_progress".equals(status) && date.isBefore(this.views.today(account))) {
			status = "missed";
		}
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("date", date.toString());
		view.put("status", OccurrenceDates.pascal(status));
		if (occurrence.doneAt != null) {
			view.put("done_at", ItemViews.time(occurrence.doneAt));
		}
		return view;
	}

}
