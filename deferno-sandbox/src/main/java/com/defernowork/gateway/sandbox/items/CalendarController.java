package com.defernowork.gateway.sandbox.items;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /items/calendar?start&end[&tz]} ({@code end} exclusive): tasks due in the
 * range, and one row per occurrence of recurring items, tagged with
 * {@code occurrence_date} and the occurrence. A {@code tz} becomes the user's saved zone
 * when they have none, as on the plan.
 */
@RestController
final class CalendarController {

	private final SandboxStore store;

	private final ItemViews views;

	CalendarController(SandboxStore store, ItemViews views) {
		this.store = store;
		this.views = views;
	}

	@GetMapping("/api/items/calendar")
	List<Map<String, Object>> calendar(Account account, @RequestParam String start, @RequestParam String end,
			@RequestParam(required = false) String tz) {
		LocalDate from = Body.date("start", start);
		LocalDate until = Body.date("end", end);
		if (!until.isAfter(from)) {
			throw ApiException.badRequest("end must be after start (end is exclusive)");
		}
		if (ChronoUnit.DAYS.between(from, until) > 366) {
			throw ApiException.badRequest("the calendar range is limited to 366 days");
		}
		ZoneId requested = (tz != null) ? Body.zone("tz", tz) : null;
		return this.store.locked(() -> {
			if (requested != null) {
				this.store.supplied(account.id(), requested);
			}
			ZoneId zone = (requested != null) ? requested : this.store.savedZone(account.id());
			List<Map<String, Object>> rows = new ArrayList<>();
			for (Item item : this.store.visibleItems(account)) {
				if ("archived".equals(item.status)) {
					continue;
				}
				if (!item.kind.recurring()) {
					if (item.completeBy != null) {
						LocalDate due = item.completeBy.atZone(zone).toLocalDate();
						if (!due.isBefore(from) && due.isBefore(until)) {
							rows.add(this.views.row(item));
						}
					}
					continue;
				}
				for (LocalDate date : Schedules.dates(item, from, until.minusDays(1))) {
					Map<String, Object> row = this.views.planRow(item, date, account);
					row.put("occurrence_date", date.toString());
					rows.add(row);
				}
			}
			return rows;
		});
	}

}
