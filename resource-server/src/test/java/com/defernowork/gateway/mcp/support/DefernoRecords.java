package com.defernowork.gateway.mcp.support;

/**
 * One Deferno task as the API returns it: the whole record of {@code GET /items/{id}} and
 * a row of a list.
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

	private DefernoRecords() {
	}

}
