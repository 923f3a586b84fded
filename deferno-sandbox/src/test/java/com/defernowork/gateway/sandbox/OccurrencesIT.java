package com.defernowork.gateway.sandbox;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.testsupport.OneCalendarDay;

import static org.assertj.core.api.Assertions.assertThat;

/** Chore, habit and event CRUD and occurrences, on items each test creates. */
@OneCalendarDay
class OccurrencesIT extends SandboxTestBase {

	private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

	@Test
	void createWhenChoreWithoutRecurrenceThenValidationErrorAndWithThen201() {
		SandboxHttp.Response missing = this.http.post("/api/chores", SandboxHttp.ALICE,
				Map.of("title", "Trash", "complete_by", start(this.today)));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.errorCode()).isEqualTo("validation_error");
		SandboxHttp.Response early = this.http.post("/api/chores", SandboxHttp.ALICE, Map.of("title", "Trash",
				"complete_by", start(this.today), "recurrence",
				Map.of("type", "daily", "end", Map.of("type", "on_date", "date", this.today.minusDays(1).toString()))));
		assertThat(early.status()).isEqualTo(400);
		SandboxHttp.Response created = this.http.post("/api/chores", SandboxHttp.ALICE,
				Map.of("title", "Trash", "complete_by", start(this.today), "recurrence",
						Map.of("type", "weekly", "days", java.util.List.of("Tue"))));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.data().get("kind").asString()).isEqualTo("Chore");
		assertThat(created.data().get("status").asString()).isEqualTo("active");
	}

	@Test
	void choreOccurrencesWhenSetMarkNextAndRescheduleThenContractAnswers() {
		String chore = this.http
			.post("/api/chores", SandboxHttp.ALICE, Map.of("title", "Dishes", "complete_by",
					start(this.today.minusDays(2)), "recurrence", Map.of("type", "daily")))
			.data()
			.get("id")
			.asString();
		String base = "/api/chores/" + chore + "/occurrences";
		assertThat(this.http.get(base, SandboxHttp.ALICE).status()).isEqualTo(400);
		assertThat(this.http.get(base + "?from=" + this.today, SandboxHttp.ALICE).errorMessage())
			.isEqualTo("missing required query parameter 'to'");
		JsonNode list = this.http
			.get(base + "?from=" + this.today.minusDays(2) + "&to=" + this.today, SandboxHttp.ALICE)
			.data();
		assertThat(list.size()).isEqualTo(3);
		assertThat(list.get(0).get("status").asString()).isEqualTo("Missed");
		assertThat(list.get(2).get("status").asString()).isEqualTo("Scheduled");

		SandboxHttp.Response dropped = this.http.put(base + "/" + this.today, SandboxHttp.ALICE,
				Map.of("status", "dropped"));
		assertThat(dropped.status()).isEqualTo(400);
		assertThat(dropped.errorMessage()).contains("in_progress, done, skipped");
		JsonNode done = this.http.put(base + "/" + this.today.minusDays(2), SandboxHttp.ALICE, Map.of("status", "done"))
			.data();
		assertThat(done.get("status").asString()).isEqualTo("DoneLate");

		JsonNode next = this.http
			.post("/api/chores/" + chore + "/mark-next-done", SandboxHttp.ALICE, Map.of("action", "done"))
			.data();
		assertThat(next.get("date").asString()).isEqualTo(this.today.minusDays(1).toString());
		assertThat(this.http.post("/api/chores/" + chore + "/mark-next-done", SandboxHttp.ALICE, Map.of()).status())
			.isEqualTo(400);

		SandboxHttp.Response reschedule = this.http.post(base + "/" + this.today + "/reschedule", SandboxHttp.ALICE,
				Map.of("new_date", this.today.plusDays(1).toString()));
		assertThat(reschedule.status()).isEqualTo(501);
		assertThat(
				this.http.post(base + "/" + this.today.minusDays(2) + "/clear", SandboxHttp.ALICE, Map.of()).status())
			.isEqualTo(204);
		assertThat(this.http.delete(base + "/" + this.today.minusDays(1), SandboxHttp.ALICE).status()).isEqualTo(204);
	}

	@Test
	void choreOccurrenceWhenOpenSubtaskThen409UnlessCascade() {
		String chore = this.http
			.post("/api/chores", SandboxHttp.ALICE,
					Map.of("title", "Laundry", "complete_by", start(this.today), "recurrence", Map.of("type", "daily")))
			.data()
			.get("id")
			.asString();
		this.http.post("/api/tasks", SandboxHttp.ALICE, Map.of("title", "Fold", "description", "", "parent_id", chore));
		String path = "/api/chores/" + chore + "/occurrences/" + this.today;
		assertThat(this.http.put(path, SandboxHttp.ALICE, Map.of("status", "done")).status()).isEqualTo(409);
		// Deferno's mark-next-done payload has no cascade_subtasks: it is not read there
		assertThat(this.http
			.post("/api/chores/" + chore + "/mark-next-done", SandboxHttp.ALICE,
					Map.of("action", "done", "cascade_subtasks", true))
			.status()).isEqualTo(409);
		assertThat(
				this.http.put(path, SandboxHttp.ALICE, Map.of("status", "in_progress")).data().get("status").asString())
			.isEqualTo("InProgress");
		assertThat(this.http.put(path, SandboxHttp.ALICE, Map.of("status", "done", "cascade_subtasks", true))
			.data()
			.get("status")
			.asString()).isEqualTo("DoneOnTime");
	}

	@Test
	void markNextDoneWhenNothingUnresolvedThen404() {
		String chore = this.http
			.post("/api/chores", SandboxHttp.ALICE,
					Map.of("title", "Once", "complete_by", start(this.today), "recurrence",
							Map.of("type", "daily", "end", Map.of("type", "after_count", "n", 1))))
			.data()
			.get("id")
			.asString();
		assertThat(
				this.http.post("/api/chores/" + chore + "/mark-next-done", SandboxHttp.ALICE, Map.of("action", "done"))
					.status())
			.isEqualTo(200);
		SandboxHttp.Response none = this.http.post("/api/chores/" + chore + "/mark-next-done", SandboxHttp.ALICE,
				Map.of("action", "done"));
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.errorCode()).isEqualTo("not_found");
	}

	@Test
	void habitOccurrencesWhenMarkedThenDoneFlags() {
		String habit = this.http
			.post("/api/habits", SandboxHttp.ALICE, Map.of("title", "Read", "complete_by",
					start(this.today.minusDays(1)), "recurrence", Map.of("type", "daily")))
			.data()
			.get("id")
			.asString();
		JsonNode marked = this.http
			.post("/api/habits/" + habit + "/occurrences", SandboxHttp.ALICE,
					Map.of("done", true, "date", this.today.toString()))
			.data();
		assertThat(marked.toString()).isEqualTo("{\"date\":\"" + this.today + "\",\"done\":true}");
		JsonNode list = this.http
			.get("/api/habits/" + habit + "/occurrences?from=" + this.today.minusDays(1) + "&to=" + this.today,
					SandboxHttp.ALICE)
			.data();
		assertThat(list.get(0).get("done").asBoolean()).isFalse();
		assertThat(list.get(1).get("done").asBoolean()).isTrue();
		assertThat(this.http
			.post("/api/habits/" + habit + "/occurrences/" + this.today + "/reschedule", SandboxHttp.ALICE,
					Map.of("new_date", this.today.plusDays(1).toString()))
			.status()).isEqualTo(501);
		assertThat(this.http.post("/api/habits/" + habit + "/occurrences", SandboxHttp.ALICE, Map.of()).status())
			.isEqualTo(400);
	}

	@Test
	void eventOccurrenceWhenOpenSubtasksThen409UnlessCascade() {
		String event = event("Launch");
		String subtask = this.http
			.post("/api/tasks", SandboxHttp.ALICE, Map.of("title", "Slides", "description", "", "parent_id", event))
			.data()
			.get("id")
			.asString();
		String path = "/api/events/" + event + "/occurrences/" + this.today;
		SandboxHttp.Response conflict = this.http.post(path, SandboxHttp.ALICE,
				Map.of("action", "done", "cascade_subtasks", false));
		assertThat(conflict.status()).isEqualTo(409);
		JsonNode done = this.http.post(path, SandboxHttp.ALICE, Map.of("action", "done", "cascade_subtasks", true))
			.data();
		assertThat(done.get("status").asString()).isEqualTo("DoneOnTime");
		assertThat(done.get("parent_id").asString()).isEqualTo(event);
		assertThat(done.has("done_at")).isTrue();
		assertThat(this.http.get("/api/items/" + subtask, SandboxHttp.ALICE).data().get("status").asString())
			.isEqualTo("done");
		assertThat(this.http.post(path, SandboxHttp.ALICE, Map.of("action", "finish")).status()).isEqualTo(400);
	}

	@Test
	void eventRescheduleWhenSameDateThen400AndOtherDateThenMoved() {
		String event = event("Review");
		String path = "/api/events/" + event + "/occurrences/" + this.today + "/reschedule";
		assertThat(this.http.post(path, SandboxHttp.ALICE, Map.of("new_date", this.today.toString())).status())
			.isEqualTo(400);
		JsonNode moved = this.http.post(path, SandboxHttp.ALICE, Map.of("new_date", this.today.plusDays(1).toString()))
			.data();
		assertThat(moved.get("scheduled_date").asString()).isEqualTo(this.today.plusDays(1).toString());
		assertThat(moved.get("status").asString()).isEqualTo("Scheduled");
		assertThat(moved.get("rescheduled_from").asString()).isEqualTo(this.today.toString());
		JsonNode list = this.http
			.get("/api/events/" + event + "/occurrences?from=" + this.today + "&to=" + this.today.plusDays(1),
					SandboxHttp.ALICE)
			.data();
		assertThat(list.get(0).get("status").asString()).isEqualTo("Dropped");
		assertThat(list.get(0).get("rescheduled_to").asString()).isEqualTo(this.today.plusDays(1).toString());
		assertThat(list.get(0).has("comment")).isTrue();
		assertThat(list.get(0).has("attachments")).isTrue();
	}

	@Test
	void patchAndDeleteWhenRecurringThenUpdatedAndArchived() {
		String event = event("Offsite");
		SandboxHttp.Response bad = this.http.patch("/api/events/" + event, SandboxHttp.ALICE,
				Map.of("end_time", start(this.today.minusDays(3))));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(this.http.patch("/api/events/" + event, SandboxHttp.ALICE, Map.of("title", "Offsite 2"))
			.data()
			.get("title")
			.asString()).isEqualTo("Offsite 2");
		String habit = this.http
			.post("/api/habits", SandboxHttp.ALICE,
					Map.of("title", "Walk", "complete_by", start(this.today), "recurrence", Map.of("type", "daily")))
			.data()
			.get("id")
			.asString();
		assertThat(this.http.patch("/api/habits/" + habit, SandboxHttp.ALICE, Map.of("end_time", start(this.today)))
			.status()).isEqualTo(400);
		assertThat(this.http.delete("/api/events/" + event, SandboxHttp.ALICE).status()).isEqualTo(204);
		assertThat(this.http.get("/api/items/" + event, SandboxHttp.ALICE).data().get("status").asString())
			.isEqualTo("archived");
	}

	private String event(String title) {
		SandboxHttp.Response created = this.http.post("/api/events", SandboxHttp.ALICE,
				Map.of("title", title, "complete_by", start(this.today), "start_time_of_day", "09:30"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.data().get("kind").asString()).isEqualTo("Event");
		return created.data().get("id").asString();
	}

	static String start(LocalDate date) {
		return date + "T09:00:00Z";
	}

}
