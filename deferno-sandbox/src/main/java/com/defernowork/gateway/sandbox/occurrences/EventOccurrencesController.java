package com.defernowork.gateway.sandbox.occurrences;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.items.ItemTree;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Event occurrences: list, set {@code {action, cascade_subtasks}} (409 with open subtasks
 * unless cascading), reschedule one date (origin becomes Dropped with
 * {@code rescheduled_to}), clear a row.
 */
@RestController
final class EventOccurrencesController {

	static final List<String> ACTIONS = List.of("in_progress", "done", "dropped", "skipped");

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final EventOccurrenceViews views;

	private final Clock clock;

	EventOccurrencesController(SandboxStore store, ItemAccess access, ItemTree tree, EventOccurrenceViews views,
			Clock clock) {
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.clock = clock;
	}

	@GetMapping("/api/events/{id}/occurrences")
	List<Map<String, Object>> list(Account account, @PathVariable UUID id, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		LocalDate[] range = OccurrenceDates.range(from, to);
		return this.store.locked(() -> {
			Item event = this.access.item(account, id, Kind.EVENT);
			return Schedules.dates(event, range[0], range[1])
				.stream()
				.map((date) -> this.views.view(event, date, account))
				.toList();
		});
	}

	@PostMapping("/api/events/{id}/occurrences/{date}")
	Map<String, Object> set(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		String action = body.string("action");
		if (action == null) {
			throw ApiException.badRequest("missing required field 'action' (one of in_progress, done, dropped)");
		}
		if (!ACTIONS.contains(action)) {
			throw ApiException
				.badRequest("invalid event action '" + action + "': must be one of in_progress, done, dropped");
		}
		boolean cascade = Boolean.TRUE.equals(body.bool("cascade_subtasks"));
		return this.store.locked(() -> {
			Item event = this.access.item(account, id, Kind.EVENT);
			LocalDate day = OccurrenceDates.occurrence(event, date);
			boolean terminal = !"in_progress".equals(action);
			if (terminal) {
				Subtasks.resolve(this.tree, event, "done".equals(action), cascade, this.clock.instant());
			}
			Occurrence row = Schedules.row(event, day);
			switch (action) {
				case "done" -> {
					// events are never late (EVENT-006)
					row.status = "done_on_time";
					row.doneAt = this.clock.instant();
				}
				case "in_progress" -> {
					row.status = "in_progress";
					row.doneAt = null;
				}
				default -> {
					row.status = "dropped";
					row.doneAt = null;
				}
			}
			return this.views.view(event, day, account);
		});
	}

	@PostMapping("/api/events/{id}/occurrences/{date}/reschedule")
	Map<String, Object> reschedule(Account account, @PathVariable UUID id, @PathVariable String date,
			@RequestBody(required = false) Map<String, Object> json) {
		LocalDate newDate = Body.of(json).date("new_date");
		if (newDate == null) {
			throw ApiException.badRequest("missing required field 'new_date'");
		}
		return this.store.locked(() -> {
			Item event = this.access.item(account, id, Kind.EVENT);
			LocalDate day = OccurrenceDates.occurrence(event, date);
			if (newDate.equals(day)) {
				throw ApiException.badRequest("new_date must differ from date");
			}
			Occurrence origin = Schedules.row(event, day);
			if (origin.rescheduledTo != null) {
				throw ApiException
					.conflict("the occurrence on " + day + " was already moved to " + origin.rescheduledTo);
			}
			if (Schedules.isOccurrence(event, newDate)) {
				throw ApiException.conflict("there already is an occurrence on " + newDate);
			}
			origin.status = "dropped";
			origin.rescheduledTo = newDate;
			Occurrence moved = Schedules.row(event, newDate);
			moved.rescheduledFrom = day;
			return this.views.view(event, newDate, account);
		});
	}

	@PostMapping("/api/events/{id}/occurrences/{date}/clear")
	ResponseEntity<Void> clear(Account account, @PathVariable UUID id, @PathVariable String date) {
		LocalDate day = OccurrenceDates.date(date);
		this.store.locked(() -> {
			Item event = this.access.item(account, id, Kind.EVENT);
			Occurrence row = event.occurrences.remove(day);
			if (row != null && row.rescheduledFrom != null) {
				Occurrence origin = event.occurrences.get(row.rescheduledFrom);
				if (origin != null) {
					origin.rescheduledTo = null;
					origin.status = "scheduled";
				}
			}
		});
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/api/events/{id}/occurrences/{date}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id, @PathVariable String date) {
		return clear(account, id, date);
	}

}
