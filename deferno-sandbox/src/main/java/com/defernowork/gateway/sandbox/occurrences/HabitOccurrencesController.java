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

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Habit occurrences are done-or-not: list {@code [{date, done}]}, mark one, clear one;
 * reschedule is 501.
 */
@RestController
final class HabitOccurrencesController {

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final ItemViews views;

	private final Clock clock;

	HabitOccurrencesController(SandboxStore store, ItemAccess access, ItemTree tree, ItemViews views, Clock clock) {
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.clock = clock;
	}

	@GetMapping("/api/habits/{id}/occurrences")
	List<Map<String, Object>> list(Account account, @PathVariable UUID id, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		LocalDate[] range = OccurrenceDates.range(from, to);
		return this.store.locked(() -> {
			Item habit = this.access.item(account, id, Kind.HABIT);
			return Schedules.dates(habit, range[0], range[1]).stream().map((date) -> view(habit, date)).toList();
		});
	}

	@PostMapping("/api/habits/{id}/occurrences")
	Map<String, Object> mark(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		Boolean done = body.bool("done");
		if (done == null) {
			throw ApiException.badRequest("missing required field 'done' (true or false)");
		}
		LocalDate requested = body.date("date");
		boolean cascade = Boolean.TRUE.equals(body.bool("cascade_subtasks"));
		return this.store.locked(() -> {
			Item habit = this.access.item(account, id, Kind.HABIT);
			LocalDate date = (requested != null) ? requested : this.views.today(account);
			if (!Schedules.isOccurrence(habit, date)) {
				throw ApiException.validation(date + " is not a scheduled day of this habit");
			}
			if (done) {
				Subtasks.resolve(this.tree, habit, true, cascade, this.clock.instant());
			}
			Occurrence row = Schedules.row(habit, date);
			row.status = done ? "done_on_time" : "dropped";
			row.doneAt = done ? this.clock.instant() : null;
			return view(habit, date);
		});
	}

	@PostMapping("/api/habits/{id}/occurrences/{date}/reschedule")
	Map<String, Object> reschedule(Account account, @PathVariable UUID id, @PathVariable String date) {
		this.store.locked(() -> this.access.item(account, id, Kind.HABIT));
		throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "not_implemented",
				"rescheduling a Habit occurrence is not supported (legacy storage)");
	}

	@PostMapping("/api/habits/{id}/occurrences/{date}/clear")
	ResponseEntity<Void> clear(Account account, @PathVariable UUID id, @PathVariable String date) {
		LocalDate day = OccurrenceDates.date(date);
		this.store.locked(() -> this.access.item(account, id, Kind.HABIT).occurrences.remove(day));
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/api/habits/{id}/occurrences/{date}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id, @PathVariable String date) {
		return clear(account, id, date);
	}

	private static Map<String, Object> view(Item habit, LocalDate date) {
		Occurrence occurrence = Schedules.on(habit, date);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("date", date.toString());
		view.put("done", "done_on_time".equals(occurrence.status) || "done_late".equals(occurrence.status));
		return view;
	}

}
