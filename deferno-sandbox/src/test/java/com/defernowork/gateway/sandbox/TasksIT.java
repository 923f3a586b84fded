package com.defernowork.gateway.sandbox;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Task CRUD and its validations. */
class TasksIT extends SandboxTestBase {

	@Test
	void createWhenMinimalBodyThen201WithIdentity() {
		SandboxHttp.Response created = this.http.post("/api/tasks", SandboxHttp.ALICE,
				Map.of("title", "Buy milk", "description", ""));
		assertThat(created.status()).isEqualTo(201);
		JsonNode task = created.data();
		assertThat(task.get("title").asString()).isEqualTo("Buy milk");
		assertThat(task.get("status").asString()).isEqualTo("open");
		assertThat(task.get("actions").get(0).get("kind").asString()).isEqualTo("Created");
		assertThat(task.get("date_created").asString()).endsWith("Z");
		assertThat(task.get("org_slug").asString()).isEqualTo("u-alice1");
		assertThat(task.get("ref").asString()).isEqualTo("u-alice1-" + task.get("sequence").asInt());
		JsonNode read = this.http.get("/api/items/" + task.get("id").asString(), SandboxHttp.ALICE).data();
		assertThat(read.get("kind").asString()).isEqualTo("task");
		assertThat(read.get("type").asString()).isEqualTo("task");
	}

	@Test
	void patchWhenInstanceSelectorsOnAPlainTaskThenTheTaskStaysPlain() {
		// recurring_scope and recurrence_id say which instance of a series an update is
		// for: not a field of the task
		String id = task("Not a series");
		assertThat(
				this.http
					.patch("/api/tasks/" + id, SandboxHttp.ALICE,
							Map.of("title", "Renamed", "recurring_scope", "this", "recurrence_id",
									"2026-12-20T10:00:00"))
					.status())
			.isEqualTo(200);
		JsonNode task = this.http.get("/api/tasks/" + id, SandboxHttp.ALICE).data();
		assertThat(task.get("title").asString()).isEqualTo("Renamed");
		assertThat(task.get("series_id").isNull()).isTrue();
		assertThat(task.get("recurrence_id").isNull()).isTrue();
	}

	@Test
	void createWhenRecurrenceKeysPresentEvenNullThen422() {
		for (String key : new String[] { "recurrence", "recurring_type" }) {
			SandboxHttp.Response response = this.http.post("/api/tasks", SandboxHttp.ALICE,
					"{\"title\":\"x\",\"description\":\"\",\"" + key + "\":null}");
			assertThat(response.status()).isEqualTo(422);
			assertThat(response.errorMessage()).contains("'" + key + "' is not allowed on a Task payload");
		}
	}

	@Test
	void createWhenDescriptionMissingOrNullThen422AndNothingCreated() {
		int before = this.http.get("/api/tasks", SandboxHttp.ALICE).data().size();
		SandboxHttp.Response missing = this.http.post("/api/tasks", SandboxHttp.ALICE, "{\"title\":\"x\"}");
		assertThat(missing.status()).isEqualTo(422);
		assertThat(missing.errorMessage()).endsWith("missing field `description`");
		SandboxHttp.Response nulled = this.http.post("/api/tasks", SandboxHttp.ALICE,
				"{\"title\":\"x\",\"description\":null}");
		assertThat(nulled.status()).isEqualTo(422);
		assertThat(nulled.errorMessage()).endsWith("invalid type: null, expected a string");
		assertThat(this.http.get("/api/tasks", SandboxHttp.ALICE).data().size()).isEqualTo(before);
	}

	@Test
	void patchWhenAssigneeIsNotAUuidOrRecurrenceIdNotALocalDateTimeThenRefusedAndNothingChanged() {
		String id = task("Assign me");
		for (String assignee : new String[] { "alice", "1-1-1-1-1", " 5f0c3e2a-9b1d-4c7e-8a6f-2d4b9e1c7a30" }) {
			SandboxHttp.Response refused = this.http.patch("/api/tasks/" + id, SandboxHttp.ALICE,
					Map.of("assignee", assignee, "title", "Changed"));
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.errorMessage()).contains("assignee: UUID parsing failed");
		}
		SandboxHttp.Response instant = this.http.patch("/api/tasks/" + id, SandboxHttp.ALICE,
				Map.of("recurring_scope", "this", "recurrence_id", "2026-06-01T09:00:00Z", "title", "Changed"));
		assertThat(instant.status()).isEqualTo(400);
		assertThat(instant.errorMessage()).contains("recurrence_id must be an ISO local date-time");
		assertThat(this.http.get("/api/tasks/" + id, SandboxHttp.ALICE).data().get("title").asString())
			.isEqualTo("Assign me");
		JsonNode assigned = this.http
			.patch("/api/tasks/" + id, SandboxHttp.ALICE, Map.of("assignee", "5F0C3E2A-9B1D-4C7E-8A6F-2D4B9E1C7A30"))
			.data();
		assertThat(assigned.get("assignee").asString()).isEqualTo("5f0c3e2a-9b1d-4c7e-8a6f-2d4b9e1c7a30");
	}

	@Test
	void createWhenTitleBlankThenValidationError() {
		SandboxHttp.Response response = this.http.post("/api/tasks", SandboxHttp.ALICE,
				Map.of("title", "  ", "description", ""));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(
				"{\"version\":\"0.1\",\"data\":null,\"error\":{\"code\":\"validation_error\",\"message\":\"title must be non-empty\"}}");
	}

	@Test
	void patchWhenCompletingWithActiveChildrenThen400ThenOkOnceChildrenDone() {
		String parent = create("Parent", null);
		String child = create("Child", parent);
		SandboxHttp.Response blocked = this.http.patch("/api/tasks/" + parent, SandboxHttp.ALICE,
				Map.of("status", "done"));
		assertThat(blocked.status()).isEqualTo(400);
		assertThat(blocked.errorCode()).isEqualTo("validation_error");
		assertThat(blocked.errorMessage()).isEqualTo("cannot complete task with active children");
		assertThat(this.http.patch("/api/tasks/" + child, SandboxHttp.ALICE, Map.of("status", "done")).status())
			.isEqualTo(200);
		JsonNode done = this.http.patch("/api/tasks/" + parent, SandboxHttp.ALICE, Map.of("status", "done")).data();
		assertThat(done.get("status").asString()).isEqualTo("done");
	}

	@Test
	void patchWhenFieldsGivenThenUpdatedAndNullClears() {
		String id = create("Edit me", null);
		JsonNode patched = this.http
			.patch("/api/tasks/" + id, SandboxHttp.ALICE,
					"{\"title\":\"Edited\",\"labels\":[\"a\"],\"desire\":0.5,\"complete_by\":\"2026-06-10T00:00:00Z\"}")
			.data();
		assertThat(patched.get("title").asString()).isEqualTo("Edited");
		assertThat(patched.get("labels").get(0).asString()).isEqualTo("a");
		assertThat(patched.get("complete_by").asString()).isEqualTo("2026-06-10T00:00:00Z");
		JsonNode cleared = this.http.patch("/api/tasks/" + id, SandboxHttp.ALICE, "{\"complete_by\":null}").data();
		assertThat(cleared.get("complete_by").isNull()).isTrue();
		assertThat(this.http.patch("/api/tasks/" + id, SandboxHttp.ALICE, "{\"status\":\"finished\"}").status())
			.isEqualTo(400);
		assertThat(this.http.patch("/api/tasks/" + id, SandboxHttp.ALICE, "{\"desire\":3}").status()).isEqualTo(400);
	}

	@Test
	void getTaskWhenRecurringInstanceThenSeriesId() {
		JsonNode rows = this.http.get("/api/tasks", SandboxHttp.ALICE).data();
		String id = null;
		for (JsonNode row : rows) {
			if (row.get("title").asString().equals("Weekly report")) {
				id = row.get("id").asString();
			}
		}
		assertThat(id).isNotNull();
		assertThat(this.http.get("/api/tasks/" + id, SandboxHttp.ALICE).data().get("series_id").isNull()).isFalse();
	}

	@Test
	void deleteWhenTaskThen204AndGone() {
		String id = create("Delete me", null);
		assertThat(this.http.delete("/api/tasks/" + id, SandboxHttp.ALICE).status()).isEqualTo(204);
		assertThat(this.http.get("/api/items/" + id, SandboxHttp.ALICE).status()).isEqualTo(404);
		SandboxHttp.Response again = this.http.delete("/api/tasks/" + id, SandboxHttp.ALICE);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.errorMessage()).isEqualTo("task not found");
	}

	private String create(String title, String parentId) {
		String body = (parentId != null)
				? "{\"title\":\"" + title + "\",\"description\":\"\",\"parent_id\":\"" + parentId + "\"}"
				: "{\"title\":\"" + title + "\",\"description\":\"\"}";
		SandboxHttp.Response created = this.http.post("/api/tasks", SandboxHttp.ALICE, body);
		assertThat(created.status()).isEqualTo(201);
		return created.data().get("id").asString();
	}

}
