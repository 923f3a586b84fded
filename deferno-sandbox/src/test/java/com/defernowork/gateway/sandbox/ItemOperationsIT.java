package com.defernowork.gateway.sandbox;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.testsupport.OneCalendarDay;

import static org.assertj.core.api.Assertions.assertThat;

/** Move, convert, history, the daily plan and the calendar. */
@OneCalendarDay
class ItemOperationsIT extends SandboxTestBase {

	@Test
	void moveWhenUnderDescendantThen400AndWhenValidThenReparented() {
		String parent = task("Move parent");
		String child = task("Move child");
		JsonNode moved = this.http
			.post("/api/items/" + child + "/move", SandboxHttp.ALICE, Map.of("new_parent_id", parent, "position", 0))
			.data();
		assertThat(moved.get("parent_id").asString()).isEqualTo(parent);
		assertThat(moved.get("kind").asString()).isEqualTo("task");
		SandboxHttp.Response cycle = this.http.post("/api/items/" + parent + "/move", SandboxHttp.ALICE,
				Map.of("new_parent_id", child));
		assertThat(cycle.status()).isEqualTo(400);
		assertThat(cycle.errorMessage()).isEqualTo("cannot move task under its descendant");
		JsonNode root = this.http.post("/api/items/" + child + "/move", SandboxHttp.ALICE, "{\"new_parent_id\":null}")
			.data();
		assertThat(root.get("parent_id").isNull()).isTrue();
		JsonNode history = this.http.get("/api/items/" + child + "/history", SandboxHttp.ALICE).data();
		assertThat(history.get(0).get("kind").asString()).isEqualTo("Created");
		assertThat(history.get(history.size() - 1).get("kind").asString()).isEqualTo("Moved");
	}

	@Test
	void convertWhenSameKindThen200AndRealConversionThen201() {
		String id = task("Convert me");
		SandboxHttp.Response same = this.http.post("/api/items/" + id + "/convert", SandboxHttp.ALICE,
				Map.of("to", "task"));
		assertThat(same.status()).isEqualTo(200);
		assertThat(same.data().get("kind").asString()).isEqualTo("Task");
		SandboxHttp.Response missing = this.http.post("/api/items/" + id + "/convert", SandboxHttp.ALICE,
				Map.of("to", "chore", "complete_by", "2026-07-01T09:00:00Z"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errorCode()).isEqualTo("validation_error");
		SandboxHttp.Response chore = this.http.post("/api/items/" + id + "/convert", SandboxHttp.ALICE,
				Map.of("to", "chore", "complete_by", "2026-07-01T09:00:00Z", "recurrence", Map.of("type", "daily")));
		assertThat(chore.status()).isEqualTo(201);
		assertThat(chore.data().get("kind").asString()).isEqualTo("Chore");
		assertThat(this.http.get("/api/items/" + id, SandboxHttp.ALICE).data().get("kind").asString())
			.isEqualTo("chore");
		assertThat(this.http.post("/api/items/" + id + "/convert", SandboxHttp.ALICE, Map.of("to", "rock")).status())
			.isEqualTo(400);
	}

	@Test
	void convertWhenTimeOfDayThenTheNewKindsClockTimeAndOmittedKeepsIt() {
		String id = task("Retro");
		String path = "/api/items/" + id + "/convert";
		assertThat(this.http
			.post(path, SandboxHttp.ALICE,
					Map.of("to", "event", "complete_by", "2026-07-01T12:00:00Z", "time_of_day", "09:30"))
			.status()).isEqualTo(201);
		assertThat(this.http.get("/api/items/" + id, SandboxHttp.ALICE).data().get("start_time_of_day").asString())
			.isEqualTo("09:30");
		assertThat(this.http
			.post(path, SandboxHttp.ALICE,
					Map.of("to", "chore", "complete_by", "2026-07-01T12:00:00Z", "recurrence", Map.of("type", "daily")))
			.status()).isEqualTo(201);
		assertThat(this.http.get("/api/items/" + id, SandboxHttp.ALICE).data().get("deadline_time_of_day").asString())
			.as("omitted: carried across")
			.isEqualTo("09:30");
		Map<String, Object> allDay = new java.util.HashMap<>(Map.of("to", "task"));
		allDay.put("time_of_day", null);
		assertThat(this.http.post(path, SandboxHttp.ALICE, allDay).status()).isEqualTo(201);
		assertThat(this.http.get("/api/items/" + id, SandboxHttp.ALICE).data().get("deadline_time_of_day").isNull())
			.isTrue();
		assertThat(this.http
			.post(path, SandboxHttp.ALICE,
					Map.of("to", "event", "complete_by", "2026-07-01T12:00:00Z", "time_of_day", "25:00"))
			.status()).isEqualTo(400);
	}

	@Test
	void planWhenTodayThenKindTaggedRowsWithTodayOccurrenceOnRecurringKinds() {
		JsonNode plan = this.http.get("/api/items/plan", SandboxHttp.ALICE).data();
		List<String> kinds = new ArrayList<>();
		for (JsonNode row : plan) {
			kinds.add(row.get("kind").asString());
			assertThat(row.get("type").asString()).isEqualTo(row.get("kind").asString());
			assertThat(row.has("ref")).isTrue();
			if (!row.get("kind").asString().equals("task")) {
				JsonNode occurrence = row.get("today_occurrence");
				assertThat(occurrence.get("parent_id").asString()).isEqualTo(row.get("id").asString());
				assertThat(occurrence.get("scheduled_date").asString()).isEqualTo(today().toString());
				assertThat(occurrence.get("status").asString()).isEqualTo("scheduled");
			}
		}
		assertThat(kinds).contains("task", "chore", "habit", "event");
	}

	@Test
	void planAddRemoveReorderWhenDateGivenThenEditsThatDay() {
		String a = task("Plan A");
		String b = task("Plan B");
		String day = today().plusDays(30).toString();
		assertThat(this.http.post("/api/items/plan/add", SandboxHttp.ALICE, Map.of("task_id", a, "date", day)).status())
			.isEqualTo(200);
		this.http.post("/api/items/plan/add", SandboxHttp.ALICE, Map.of("task_id", b, "date", day));
		SandboxHttp.Response bad = this.http.post("/api/items/plan/reorder", SandboxHttp.ALICE,
				Map.of("task_ids", List.of(b), "date", day));
		assertThat(bad.status()).isEqualTo(400);
		List<String> order = new ArrayList<>(List.of(b));
		this.http.get("/api/items/plan?date=" + day, SandboxHttp.ALICE).data().forEach((row) -> {
			if (!row.get("id").asString().equals(b)) {
				order.add(row.get("id").asString());
			}
		});
		assertThat(order).contains(a);
		assertThat(this.http.post("/api/items/plan/reorder", SandboxHttp.ALICE, Map.of("task_ids", order, "date", day))
			.status()).isEqualTo(200);
		JsonNode plan = this.http.get("/api/items/plan?date=" + day, SandboxHttp.ALICE).data();
		assertThat(plan.get(0).get("id").asString()).isEqualTo(b);
		assertThat(plan.get(order.size() - 1).get("id").asString()).isEqualTo(order.get(order.size() - 1));
		this.http.post("/api/items/plan/remove", SandboxHttp.ALICE, Map.of("task_id", b, "date", day));
		assertThat(this.http.get("/api/items/plan?date=" + day, SandboxHttp.ALICE).data().size())
			.isEqualTo(order.size() - 1);
		assertThat(
				this.http.post("/api/items/plan/remove", SandboxHttp.ALICE, Map.of("task_id", b, "date", day)).status())
			.isEqualTo(404);
		assertThat(this.http.get("/api/items/plan?tz=Not/AZone", SandboxHttp.ALICE).status()).isEqualTo(400);
	}

	@Test
	void calendarWhenRangeThenTasksAndOccurrences() {
		String start = today().minusDays(7).toString();
		String end = today().plusDays(7).toString();
		// a tz would become Alice's saved zone, which the other tests read days in
		JsonNode rows = this.http.get("/api/items/calendar?start=" + start + "&end=" + end, SandboxHttp.ALICE).data();
		List<String> kinds = new ArrayList<>();
		rows.forEach((row) -> kinds.add(row.get("kind").asString()));
		assertThat(kinds).contains("task", "chore", "habit", "event");
		assertThat(this.http.get("/api/items/calendar?start=" + end + "&end=" + start, SandboxHttp.ALICE).status())
			.isEqualTo(400);
	}

	@Test
	void planWhenDayNotYetReadThenSeededWithRecurringItemsDueThatDay() {
		JsonNode plan = this.http.get("/api/items/plan?date=" + today().plusDays(2), SandboxHttp.ALICE).data();
		List<String> titles = new ArrayList<>();
		plan.forEach((row) -> titles.add(row.get("title").asString()));
		// "Water the plants" is due every second day from six days ago; "Morning stretch"
		// daily
		assertThat(titles).contains("Water the plants", "Morning stretch").doesNotContain("Renew passport");
	}

	@Test
	void deleteItemWhenTaskThenGoneAndWhenRecurringThenArchived() {
		String task = task("Delete via items");
		assertThat(this.http.delete("/api/items/" + task, SandboxHttp.ALICE).status()).isEqualTo(204);
		assertThat(this.http.get("/api/items/" + task, SandboxHttp.ALICE).status()).isEqualTo(404);
		String habit = this.http
			.post("/api/habits", SandboxHttp.ALICE,
					Map.of("title", "Floss", "complete_by", today() + "T08:00:00Z", "recurrence",
							Map.of("type", "daily")))
			.data()
			.get("id")
			.asString();
		assertThat(this.http.delete("/api/items/" + habit, SandboxHttp.ALICE).status()).isEqualTo(204);
		assertThat(this.http.get("/api/items/" + habit, SandboxHttp.ALICE).data().get("status").asString())
			.isEqualTo("archived");
	}

	@Test
	void listItemsWhenSkipThenOffsetAndWhenNegativeThen400() {
		JsonNode all = this.http.get("/api/items?window=all", SandboxHttp.ALICE).data();
		JsonNode skipped = this.http.get("/api/items?window=all&$skip=2&$top=1", SandboxHttp.ALICE).data();
		assertThat(skipped.size()).isEqualTo(1);
		assertThat(skipped.get(0).get("id")).isEqualTo(all.get(2).get("id"));
		assertThat(this.http.get("/api/items?$skip=-1", SandboxHttp.ALICE).status()).isEqualTo(400);
	}

	static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

}
