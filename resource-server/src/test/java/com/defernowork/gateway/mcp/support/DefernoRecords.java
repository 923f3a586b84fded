package com.defernowork.gateway.mcp.support;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deferno's records as the API returns them: one task's whole record of {@code GET
 * /items/{id}} and its row of a list; rows of the calendar and the plan.
 */
public final class DefernoRecords {

	/** The task's id in both. */
	public static final String ID = "11111111-2222-3333-4444-555555555555";

	public static final String FULL_ITEM = """
			{"kind":"task","type":"task","id":"11111111-2222-3333-4444-555555555555","ref":"u-1y0e2v-123","sequence":123,\
			"org_slug":"u-1y0e2v","title":"Write the classifier","status":"active","labels":["mcp"],"pinned":false,\
			"parent_id":null,"complete_by":"2026-06-10T00:00:00Z","date_created":"2026-06-01T00:00:00Z",\
			"description":"the body","actions":[{"kind":"created"}],"comments":[{"body":"hi"}],"children":[{"id":"child"}],\
			"mood_start":[0.1,0.2],"attachments":[{"url":"x"}]}""";

	public static final String LIST_ROW = """
			{"kind":"task","type":"task","id":"11111111-2222-3333-4444-555555555555","ref":"u-1y0e2v-123","sequence":123,\
			"org_slug":"u-1y0e2v","title":"Write the classifier","status":"open","complete_by":"2026-06-10T00:00:00Z",\
			"parent_id":null,"labels":["mcp"],"description":"the body"}""";

	/** A task's row of the calendar: the list row, every field. */
	public static final String CALENDAR_TASK = """
			{"kind":"task","type":"task","id":"4a62581a-f436-4fcf-a251-cc285bd72452","ref":"u-alice1-1",\
			"org_slug":"u-alice1","sequence":1,"title":"Plan the week","description":"Outcomes first, then the calendar.",\
			"status":"open","labels":["planning"],"parent_id":null,"children":["fde23c50-9ab5-4972-a23a-379f75a236ef"],\
			"complete_by":"2026-12-09T17:00:00Z","date_created":"2026-12-07T19:41:54Z","pinned":false,"assignee":null,\
			"productive":null,"desire":null,"mood_start":null,"mood_finish":null,"blocked_by":[],\
			"deadline_time_of_day":null,"series_id":null,"recurrence_id":null,"done_at":null}""";

	/** A chore's occurrence in the calendar: its row, the occurrence and its day. */
	public static final String CALENDAR_CHORE = """
			{"kind":"chore","type":"chore","id":"4a37d87d-3c4d-454f-aeb6-8425c9015f02","ref":"u-alice1-8",\
			"org_slug":"u-alice1","sequence":8,"title":"Water the plants","description":null,"status":"active",\
			"labels":[],"parent_id":null,"children":[],"complete_by":"2026-12-01T09:00:00Z",\
			"date_created":"2026-12-07T19:41:54Z","pinned":false,"deadline_time_of_day":"09:00",\
			"recurrence":{"n":2,"type":"every_n_days"},"series_id":"66820517-06b6-4c98-9af4-4ca11ee71899",\
			"today_occurrence":{"id":"74fbd326-9641-3bd7-ad1e-ea320b3e045a",\
			"parent_id":"4a37d87d-3c4d-454f-aeb6-8425c9015f02","scheduled_date":"2026-12-07",\
			"complete_by":"2026-12-07T23:59:59Z","status":"scheduled"},"occurrence_date":"2026-12-07"}""";

	/** An event's occurrence in the calendar, done. */
	public static final String CALENDAR_EVENT = """
			{"kind":"event","type":"event","id":"0c1b8f7e-8a5e-4a51-9d7c-2f1c1f0b6a10","ref":"u-alice1-12",\
			"org_slug":"u-alice1","sequence":12,"title":"Standup","description":"Daily sync","status":"active",\
			"labels":["work"],"parent_id":null,"children":[],"complete_by":"2026-12-01T09:30:00Z",\
			"date_created":"2026-12-01T08:00:00Z","pinned":false,"start_time_of_day":"09:30",\
			"recurrence":{"type":"daily"},"series_id":"5e1d2c3b-4a59-4867-8756-453423120f1e",\
			"end_time":"2026-12-01T09:45:00Z","today_occurrence":{"id":"2b7c6d5e-4f3a-3b2c-9d1e-0f9a8b7c6d5e",\
			"parent_id":"0c1b8f7e-8a5e-4a51-9d7c-2f1c1f0b6a10","scheduled_date":"2026-12-08",\
			"complete_by":"2026-12-08T23:59:59Z","status":"done_on_time","done_at":"2026-12-08T09:50:00Z"},\
			"occurrence_date":"2026-12-08"}""";

	/** A habit in a day's plan on a day it is not due: no occurrence. */
	public static final String PLAN_HABIT_NOT_DUE = """
			{"kind":"habit","type":"habit","id":"9d0f3a2e-5b8c-4f61-8e2d-7a4b3c2d1e0f","ref":"u-alice1-9",\
			"org_slug":"u-alice1","sequence":9,"title":"Stretch","description":null,"status":"active","labels":[],\
			"parent_id":null,"children":[],"complete_by":"2026-12-01T07:00:00Z","date_created":"2026-12-01T07:00:00Z",\
			"pinned":false,"deadline_time_of_day":"07:00","recurrence":{"days":["Mon"],"type":"weekly"},\
			"series_id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","today_occurrence":null}""";

	/** The personal org of {@link #record}'s items. */
	public static final String PERSONAL_ORG = "u-alice1";

	private DefernoRecords() {
	}

	/**
	 * An item's whole record in the personal org as {@code GET /items/{id}} and Deferno's
	 * lookups by sequence, canonical ref and alias answer it alike (the sandbox's
	 * {@code ItemViews.full}): every field of its kind, its history, comments and
	 * attachments, and a recurring kind's {@code today_occurrence}.
	 */
	public static ObjectNode record(String kind, String id, int sequence) {
		ObjectNode item = JsonNodeFactory.instance.objectNode();
		item.put("kind", kind).put("type", kind).put("id", id).put("ref", PERSONAL_ORG + "-" + sequence);
		item.put("org_slug", PERSONAL_ORG).put("sequence", sequence).put("title", "Item " + sequence);
		item.put("description", "").put("status", kind.equals("task") ? "open" : "active");
		item.putArray("labels");
		item.putNull("parent_id");
		item.putArray("children");
		item.putNull("complete_by");
		item.put("date_created", "2026-06-01T00:00:00Z").put("pinned", false);
		if (kind.equals("task")) {
			item.putArray("blocked_by");
			item.putNull("deadline_time_of_day");
			item.putNull("series_id");
			item.putNull("recurrence_id");
			item.putNull("done_at");
		}
		else {
			item.putNull(kind.equals("event") ? "start_time_of_day" : "deadline_time_of_day");
			item.putNull("recurrence");
			item.putNull("series_id");
			if (kind.equals("event")) {
				item.putNull("end_time");
			}
		}
		item.putArray("actions").addObject().put("at", "2026-06-01T00:00:00Z").put("kind", "Created");
		item.putArray("comments");
		item.putArray("attachments");
		if (!kind.equals("task")) {
			item.putNull("today_occurrence");
		}
		return item;
	}

}
