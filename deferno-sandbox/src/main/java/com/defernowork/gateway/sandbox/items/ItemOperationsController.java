package com.defernowork.gateway.sandbox.items;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.recurring.Recurrence;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Kind-neutral item operations: move (reparent/reorder) and convert to another kind. */
@RestController
final class ItemOperationsController {

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final ItemViews views;

	private final Clock clock;

	ItemOperationsController(SandboxStore store, ItemAccess access, ItemTree tree, ItemViews views, Clock clock) {
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.clock = clock;
	}

	@PostMapping("/api/items/{id}/move")
	Map<String, Object> move(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		if (!body.has("new_parent_id")) {
			throw ApiException.badRequest("missing required field 'new_parent_id' (null moves to the root)");
		}
		UUID parentId = body.uuid("new_parent_id");
		Integer position = body.integer("position");
		return this.store.locked(() -> {
			Item item = this.access.item(account, id);
			this.tree.move(account, item, parentId, position);
			return this.views.row(item);
		});
	}

	/**
	 * The kind-dispatching delete: a Task is removed with its subtree, a recurring item
	 * is archived.
	 */
	@DeleteMapping("/api/items/{id}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id) {
		this.store.locked(() -> {
			Item item = this.access.item(account, id);
			if (item.kind == Kind.TASK) {
				this.tree.delete(item);
			}
			else {
				item.status = "archived";
				item.record("Archived", this.clock.instant());
			}
		});
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/items/{id}/convert")
	ResponseEntity<Map<String, Object>> convert(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		String target = body.has("to") ? body.string("to") : body.string("to_kind");
		Kind to = Kind.parse(target);
		if (to == null) {
			throw ApiException.validation("cannot convert kind: 'to' must be one of task, chore, habit, event");
		}
		Instant completeBy = body.instant("complete_by");
		Instant endTime = body.instant("end_time");
		Map<String, Object> recurrence = body.object("recurrence");
		// the new kind's clock time; null makes it all-day; omitted, the old one stays
		boolean newTime = body.has("time_of_day");
		String timeOfDay = body.timeOfDay("time_of_day");
		return this.store.locked(() -> {
			Item item = this.access.item(account, id);
			if (item.kind == to) {
				return ResponseEntity.ok(result(item));
			}
			Instant start = (completeBy != null) ? completeBy : item.completeBy;
			if (to != Kind.TASK && start == null) {
				throw ApiException.validation("cannot convert kind: complete_by is required for a " + to.pascal());
			}
			if ((to == Kind.CHORE || to == Kind.HABIT) && recurrence == null && item.recurrence == null) {
				throw ApiException.validation("cannot convert kind: recurrence is required for a " + to.pascal());
			}
			if (endTime != null && to != Kind.EVENT) {
				throw ApiException.validation("cannot convert kind: end_time applies only to an Event");
			}
			if (endTime != null && endTime.isBefore(start)) {
				throw ApiException.validation("end_time must not be before complete_by");
			}
			if (to != Kind.TASK) {
				Map<String, Object> rule = (recurrence != null) ? recurrence : item.recurrence;
				// the series starts on complete_by's date where the person lives
				LocalDate anchor = start.atZone(this.store.savedZone(account.id())).toLocalDate();
				if (rule != null) {
					Recurrence.parse(rule, anchor);
					item.recurrence = Recurrence.normalise(rule);
				}
				item.anchor = anchor;
				item.completeBy = start;
				item.seriesId = UUID.randomUUID();
				item.status = "active";
				item.endTime = (to == Kind.EVENT) ? endTime : null;
			}
			else {
				item.recurrence = null;
				item.anchor = null;
				item.seriesId = null;
				item.endTime = null;
				item.occurrences.clear();
				item.status = "open";
			}
			if (newTime) {
				item.timeOfDay = timeOfDay;
			}
			item.kind = to;
			item.record("Converted", this.clock.instant());
			return ResponseEntity.status(HttpStatus.CREATED).body(result(item));
		});
	}

	private Map<String, Object> result(Item item) {
		Map<String, Object> view = new LinkedHashMap<>(this.views.row(item));
		view.put("kind", item.kind.pascal());
		return view;
	}

}
