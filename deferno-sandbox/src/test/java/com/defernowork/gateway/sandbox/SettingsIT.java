package com.defernowork.gateway.sandbox;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.testsupport.OneCalendarDay;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's settings, and the saved time zone as the calendar's days. Bob's, put back
 * after each test: the tests share one sandbox.
 */
@OneCalendarDay(zones = { "UTC", "Pacific/Kiritimati", "Etc/GMT+12" })
class SettingsIT extends SandboxTestBase {

	@BeforeEach
	@AfterEach
	void defaults() {
		Map<String, Object> body = nullZone();
		body.put("theme_mode", "light");
		this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, body);
	}

	@Test
	void patchWhenFieldsThenKeptAndOmittedOnesStay() {
		JsonNode changed = this.http
			.patch("/api/auth/me/settings", SandboxHttp.BOB,
					Map.of("time_zone", "America/Los_Angeles", "theme_mode", "dark"))
			.data();
		assertThat(changed.get("time_zone").asString()).isEqualTo("America/Los_Angeles");
		assertThat(changed.get("theme_mode").asString()).isEqualTo("dark");
		JsonNode read = this.http.get("/api/auth/me/settings", SandboxHttp.BOB).data();
		assertThat(read.get("time_zone").asString()).isEqualTo("America/Los_Angeles");
		assertThat(read.get("theme_family").asString()).isEqualTo("deferno");
		assertThat(read.get("tracking_enabled").asBoolean()).isTrue();
		JsonNode cleared = this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, nullZone()).data();
		assertThat(cleared.get("time_zone").isNull()).isTrue();
		assertThat(cleared.get("theme_mode").asString()).isEqualTo("dark");
	}

	@Test
	void patchWhenInvalidThen400AndNothingKept() {
		SandboxHttp.Response zone = this.http.patch("/api/auth/me/settings", SandboxHttp.BOB,
				Map.of("theme_mode", "dark", "time_zone", "Mars/Olympus"));
		assertThat(zone.status()).isEqualTo(400);
		assertThat(zone.errorMessage()).contains("time_zone must be an IANA time zone");
		assertThat(this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, Map.of("theme_mode", "sepia")).status())
			.isEqualTo(400);
		assertThat(this.http.get("/api/auth/me/settings", SandboxHttp.BOB).data().get("theme_mode").asString())
			.isEqualTo("light");
	}

	@Test
	void calendarWhenNoTzThenTheSavedZonesDays() {
		// 03:00 UTC on the 10th is the evening of the 9th in Los Angeles
		String task = created("/api/tasks",
				Map.of("title", "Late call", "description", "", "complete_by", "2026-12-10T03:00:00Z"));
		try {
			assertThat(calendarHas("2026-12-10", task)).isTrue();
			this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, Map.of("time_zone", "America/Los_Angeles"));
			assertThat(calendarHas("2026-12-10", task)).isFalse();
			assertThat(calendarHas("2026-12-09", task)).isTrue();
		}
		finally {
			this.http.delete("/api/tasks/" + task, SandboxHttp.BOB);
		}
	}

	@Test
	void calendarAndPlanWhenTzSuppliedThenSavedAsTheZoneOnlyWhenNoneIsSaved() {
		String day = "2026-12-10";
		for (String read : List.of("/api/items/calendar?start=" + day + "&end=2026-12-11&tz=",
				"/api/items/plan?date=" + day + "&tz=")) {
			defaults();
			assertThat(this.http.get(read + "Asia%2FTokyo", SandboxHttp.BOB).status()).as(read).isEqualTo(200);
			assertThat(zone()).as(read).isEqualTo("Asia/Tokyo");
			// the first one supplied stays
			this.http.get(read + "America%2FLos_Angeles", SandboxHttp.BOB);
			assertThat(zone()).as(read).isEqualTo("Asia/Tokyo");
		}
	}

	private String zone() {
		JsonNode zone = this.http.get("/api/auth/me/settings", SandboxHttp.BOB).data().get("time_zone");
		return zone.isNull() ? null : zone.asString();
	}

	@Test
	void recurringWhenCreatedOrConvertedThenTheSeriesStartsOnTheSavedZonesDate() {
		this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, Map.of("time_zone", "Asia/Tokyo"));
		// 08:00 on the 10th in Tokyo is 23:00 on the 9th in UTC
		String event = created("/api/events", Map.of("title", "Tokyo morning", "complete_by",
				"2026-12-10T08:00:00+09:00", "recurrence", Map.of("type", "daily")));
		String task = created("/api/tasks",
				Map.of("title", "Tokyo errand", "description", "", "complete_by", "2026-12-10T08:00:00+09:00"));
		try {
			assertThat(firstOccurrence("/api/events/" + event)).isEqualTo("2026-12-10");
			// edited from another zone without a new day: the series keeps its start
			this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, Map.of("time_zone", "America/Los_Angeles"));
			this.http.patch("/api/events/" + event, SandboxHttp.BOB, Map.of("title", "Tokyo morning call"));
			assertThat(firstOccurrence("/api/events/" + event)).isEqualTo("2026-12-10");
			this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, Map.of("time_zone", "Asia/Tokyo"));
			assertThat(this.http
				.post("/api/items/" + task + "/convert", SandboxHttp.BOB,
						Map.of("to", "chore", "recurrence", Map.of("type", "daily")))
				.status()).isEqualTo(201);
			assertThat(firstOccurrence("/api/chores/" + task)).isEqualTo("2026-12-10");
		}
		finally {
			this.http.delete("/api/events/" + event, SandboxHttp.BOB);
			this.http.delete("/api/chores/" + task, SandboxHttp.BOB);
		}
	}

	@Test
	void itemWhenAZoneIsSavedThenItsTodayAndItsEndOfDayAreThatZones() {
		// UTC+14 and UTC-12: at any moment at least one of them is on another date than
		// UTC
		String chore = created("/api/chores", Map.of("title", "Water plants", "complete_by", "2026-01-01T12:00:00Z",
				"recurrence", Map.of("type", "daily")));
		try {
			for (String name : List.of("Pacific/Kiritimati", "Etc/GMT+12")) {
				ZoneId zone = ZoneId.of(name);
				this.http.patch("/api/auth/me/settings", SandboxHttp.BOB, Map.of("time_zone", name));
				JsonNode today = this.http.get("/api/items/" + chore, SandboxHttp.BOB).data().get("today_occurrence");
				LocalDate date = LocalDate.now(zone);
				assertThat(today.get("scheduled_date").asString()).as(name).isEqualTo(date.toString());
				assertThat(today.get("complete_by").asString()).as(name)
					.isEqualTo(date.atTime(23, 59, 59).atZone(zone).toInstant().toString());
				// done today is on time, not late by UTC's date
				JsonNode done = this.http
					.put("/api/chores/" + chore + "/occurrences/" + date, SandboxHttp.BOB, Map.of("status", "done"))
					.data();
				assertThat(done.get("status").asString()).as(name).isEqualTo("DoneOnTime");
			}
		}
		finally {
			this.http.delete("/api/chores/" + chore, SandboxHttp.BOB);
		}
	}

	/** Bob's new item's id. */
	private String created(String path, Map<String, Object> body) {
		return this.http.post(path, SandboxHttp.BOB, body).data().get("id").asString();
	}

	private String firstOccurrence(String item) {
		JsonNode rows = this.http.get(item + "/occurrences?from=2026-12-08&to=2026-12-12", SandboxHttp.BOB).data();
		assertThat(rows.isArray() && !rows.isEmpty()).as(rows.toString()).isTrue();
		JsonNode first = rows.get(0);
		return first.has("scheduled_date") ? first.get("scheduled_date").asString() : first.get("date").asString();
	}

	private boolean calendarHas(String day, String id) {
		String next = LocalDate.parse(day).plusDays(1).toString();
		JsonNode rows = this.http.get("/api/items/calendar?start=" + day + "&end=" + next, SandboxHttp.BOB).data();
		for (JsonNode row : rows) {
			if (row.get("id").asString().equals(id)) {
				return true;
			}
		}
		return false;
	}

	private static Map<String, Object> nullZone() {
		Map<String, Object> body = new HashMap<>();
		body.put("time_zone", null);
		return body;
	}

}
