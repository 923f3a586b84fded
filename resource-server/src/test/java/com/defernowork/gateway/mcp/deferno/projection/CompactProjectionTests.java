package com.defernowork.gateway.mcp.deferno.projection;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.defernowork.gateway.mcp.support.DefernoRecords.CALENDAR_CHORE;
import static com.defernowork.gateway.mcp.support.DefernoRecords.CALENDAR_EVENT;
import static com.defernowork.gateway.mcp.support.DefernoRecords.CALENDAR_TASK;
import static com.defernowork.gateway.mcp.support.DefernoRecords.FULL_ITEM;
import static com.defernowork.gateway.mcp.support.DefernoRecords.LIST_ROW;
import static com.defernowork.gateway.mcp.support.DefernoRecords.PLAN_HABIT_NOT_DUE;
import static org.assertj.core.api.Assertions.assertThat;

/** Deferno records of each shape through the Compact projection's whitelists. */
class CompactProjectionTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void itemWhenFullRecordThenWhitelistInOrder() {
		JsonNode compact = CompactProjection.item(this.json.readTree(FULL_ITEM));
		assertThat(compact.toString()).isEqualTo("""
				{"kind":"task","type":"task","ref":"u-1y0e2v-123","org_slug":"u-1y0e2v","sequence":123,\
				"title":"Write the classifier","status":"active","complete_by":"2026-06-10T00:00:00Z","parent_id":null,\
				"labels":["mcp"],"id":"11111111-2222-3333-4444-555555555555","pinned":false,\
				"date_created":"2026-06-01T00:00:00Z","description":"the body"}""");
	}

	/**
	 * complete_by's clock is a real time only with a time of day: without one Deferno
	 * stores the end of the day, so the single item keeps its times of day.
	 */
	@Test
	void itemWhenTimesOfDayThenKeptBesideCompleteBy() {
		JsonNode event = CompactProjection.item(this.json.readTree("""
				{"kind":"event","ref":"a-1","title":"Standup","complete_by":"2026-06-10T07:30:00Z",\
				"start_time_of_day":"09:30:00","end_time":"2026-06-10T07:45:00Z","end_time_of_day":"09:45:00",\
				"all_day":false,"series":{"tzid":"Europe/Paris"}}"""));
		assertThat(event.toString()).isEqualTo("""
				{"kind":"event","ref":"a-1","title":"Standup","complete_by":"2026-06-10T07:30:00Z",\
				"start_time_of_day":"09:30:00","end_time":"2026-06-10T07:45:00Z","end_time_of_day":"09:45:00"}""");
		JsonNode allDay = CompactProjection.item(this.json.readTree("""
				{"kind":"task","complete_by":"2026-06-11T06:59:59Z","deadline_time_of_day":null}"""));
		assertThat(allDay.has("deadline_time_of_day")).isTrue();
		assertThat(allDay.get("deadline_time_of_day").isNull()).isTrue();
	}

	/**
	 * Whether an item recurs, and how: a Chore's cadence, and the instance a recurring
	 * Task is (update_item names it with recurrence_id), kept; the calendar's occurrence
	 * day is no field of a single item.
	 */
	@Test
	void itemWhenRecurringThenItsCadenceOrItsInstanceKept() {
		JsonNode chore = CompactProjection.item(this.json.readTree(CALENDAR_CHORE));
		assertThat(chore.get("recurrence").toString()).isEqualTo("{\"n\":2,\"type\":\"every_n_days\"}");
		assertThat(chore.get("series_id").stringValue()).isEqualTo("66820517-06b6-4c98-9af4-4ca11ee71899");
		JsonNode task = CompactProjection.item(this.json.readTree("""
				{"kind":"task","ref":"a-7","title":"Weekly report","series_id":"5e1d2c3b-4a59-4867-8756-453423120f1e",\
				"recurrence_id":"2026-12-11T16:00:00","mood_start":null}"""));
		assertThat(task.toString()).isEqualTo("""
				{"kind":"task","ref":"a-7","title":"Weekly report","series_id":"5e1d2c3b-4a59-4867-8756-453423120f1e",\
				"recurrence_id":"2026-12-11T16:00:00"}""");
	}

	/**
	 * A row keeps its id, which its children's parent_id names, and leaves out the body
	 * and what repeats another field: type (kind), org_slug and sequence (ref).
	 */
	@Test
	void rowsWhenListThenRowFieldsWithIdWithoutBodyOrRepeats() {
		JsonNode rows = CompactProjection.rows(this.json.readTree("[" + LIST_ROW + "]"));
		assertThat(rows.get(0).toString()).isEqualTo("""
				{"kind":"task","id":"11111111-2222-3333-4444-555555555555","ref":"u-1y0e2v-123",\
				"title":"Write the classifier","status":"open","complete_by":"2026-06-10T00:00:00Z","parent_id":null,\
				"labels":["mcp"]}""");
	}

	/**
	 * A calendar's rows as Deferno answers them (a task on its day; a chore and an event
	 * once per occurrence): what a day is planned with, today_occurrence down to its
	 * status.
	 */
	@Test
	void dayRowsWhenCalendarThenWhatADayIsPlannedWith() {
		JsonNode rows = CompactProjection.dayRows(this.json.readTree(
				"[" + CALENDAR_TASK + "," + CALENDAR_CHORE + "," + CALENDAR_EVENT + "," + PLAN_HABIT_NOT_DUE + "]"));
		assertThat(rows.get(0).toString()).isEqualTo("""
				{"kind":"task","id":"4a62581a-f436-4fcf-a251-cc285bd72452","ref":"u-alice1-1","title":"Plan the week",\
				"status":"open","complete_by":"2026-12-09T17:00:00Z","deadline_time_of_day":null}""");
		assertThat(rows.get(1).toString()).isEqualTo(
				"""
						{"kind":"chore","id":"4a37d87d-3c4d-454f-aeb6-8425c9015f02","ref":"u-alice1-8","title":"Water the plants",\
						"status":"active","complete_by":"2026-12-01T09:00:00Z","deadline_time_of_day":"09:00",\
						"occurrence_date":"2026-12-07","today_occurrence":{"status":"scheduled"}}""");
		assertThat(rows.get(2).toString()).isEqualTo("""
				{"kind":"event","id":"0c1b8f7e-8a5e-4a51-9d7c-2f1c1f0b6a10","ref":"u-alice1-12","title":"Standup",\
				"status":"active","complete_by":"2026-12-01T09:30:00Z","start_time_of_day":"09:30",\
				"end_time":"2026-12-01T09:45:00Z","occurrence_date":"2026-12-08",\
				"today_occurrence":{"status":"done_on_time"}}""");
		// a plan's recurring item not due that day: no occurrence to read
		assertThat(rows.get(3).toString()).isEqualTo("""
				{"kind":"habit","id":"9d0f3a2e-5b8c-4f61-8e2d-7a4b3c2d1e0f","ref":"u-alice1-9","title":"Stretch",\
				"status":"active","complete_by":"2026-12-01T07:00:00Z","deadline_time_of_day":"07:00",\
				"today_occurrence":null}""");
	}

	@Test
	void dayRowsWhenNotAnArrayThenUnchanged() {
		JsonNode value = this.json.readTree("{\"a\":1}");
		assertThat(CompactProjection.dayRows(value)).isSameAs(value);
	}

	@Test
	void rowsWhenNotAnArrayThenUnchanged() {
		JsonNode value = this.json.readTree("{\"a\":1}");
		assertThat(CompactProjection.rows(value)).isSameAs(value);
	}

}
