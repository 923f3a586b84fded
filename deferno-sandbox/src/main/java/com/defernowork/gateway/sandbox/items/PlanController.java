package com.defernowork.gateway.sandbox.items;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The daily plan: {@code GET /items/plan} answers kind-tagged rows (recurring kinds carry
 * {@code today_occurrence}); add, remove and reorder edit one day's ordered list.
 */
@RestController
final class PlanController {

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemViews views;

	PlanController(SandboxStore store, ItemAccess access, ItemViews views) {
		this.store = store;
		this.access = access;
		this.views = views;
	}

	@GetMapping("/api/items/plan")
	List<Map<String, Object>> plan(Account account, @RequestParam(required = false) String date,
			@RequestParam(required = false) String tz) {
		return this.store.locked(() -> {
			LocalDate day = day(account, date, tz);
			List<Map<String, Object>> rows = new ArrayList<>();
			for (UUID id : planOf(account, day)) {
				Item item = this.store.items.get(id);
				if (item != null && account.memberOf(item.org.id)) {
					rows.add(this.views.planRow(item, day, account));
				}
			}
			return rows;
		});
	}

	@PostMapping("/api/items/plan/add")
	Map<String, Object> add(Account account, @RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		UUID id = required(body, "task_id");
		return this.store.locked(() -> {
			LocalDate day = day(account, body.string("date"), null);
			this.access.item(account, id);
			List<UUID> plan = planOf(account, day);
			if (!plan.contains(id)) {
				plan.add(id);
			}
			return result(day, plan);
		});
	}

	@PostMapping("/api/items/plan/remove")
	Map<String, Object> remove(Account account, @RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		UUID id = required(body, "task_id");
		return this.store.locked(() -> {
			LocalDate day = day(account, body.string("date"), null);
			List<UUID> plan = planOf(account, day);
			if (!plan.remove(id)) {
				throw ApiException.notFound("item is not in the plan for " + day);
			}
			return result(day, plan);
		});
	}

	@PostMapping("/api/items/plan/reorder")
	Map<String, Object> reorder(Account account, @RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		List<String> ids = body.strings("task_ids");
		if (ids == null) {
			throw ApiException.badRequest("missing required field 'task_ids'");
		}
		List<UUID> order = ids.stream().map((id) -> Body.uuid("task_ids", id)).toList();
		return this.store.locked(() -> {
			LocalDate day = day(account, body.string("date"), null);
			List<UUID> plan = planOf(account, day);
			if (order.size() != plan.size() || !new HashSet<>(order).equals(new HashSet<>(plan))) {
				throw ApiException.badRequest("task_ids must be exactly the items of the plan for " + day
						+ " in the new order (" + plan.size() + " items)");
			}
			plan.clear();
			plan.addAll(order);
			return result(day, plan);
		});
	}

	/**
	 * A day's plan; the first read of a day seeds it with the recurring items due that
	 * day, as the backend does.
	 */
	private List<UUID> planOf(Account account, LocalDate day) {
		return this.store.plans.computeIfAbsent(account.id() + "/" + day, (key) -> {
			List<UUID> seeded = new ArrayList<>();
			for (Item item : this.store.visibleItems(account)) {
				if (item.kind.recurring() && "active".equals(item.status) && Schedules.isOccurrence(item, day)) {
					seeded.add(item.id);
				}
			}
			return seeded;
		});
	}

	private LocalDate day(Account account, String date, String tz) {
		ZoneId requested = (tz != null) ? Body.zone("tz", tz) : null;
		if (requested != null) {
			this.store.supplied(account.id(), requested);
		}
		if (date != null) {
			return Body.date("date", date);
		}
		return this.views.today((requested != null) ? requested : this.store.savedZone(account.id()));
	}

	private static UUID required(Body body, String key) {
		UUID id = body.uuid(key);
		if (id == null) {
			throw ApiException.badRequest("missing required field '" + key + "'");
		}
		return id;
	}

	private static Map<String, Object> result(LocalDate day, List<UUID> plan) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("date", day.toString());
		result.put("task_ids", List.copyOf(plan));
		return result;
	}

}
