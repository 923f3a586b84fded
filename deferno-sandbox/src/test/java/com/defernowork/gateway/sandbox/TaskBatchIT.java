package com.defernowork.gateway.sandbox;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Task search, all-or-nothing batches, promote and mood history. */
class TaskBatchIT extends SandboxTestBase {

	@Test
	void searchWhenQueryTooShortThen400AndOtherwiseItemEnvelopeRows() {
		assertThat(this.http.get("/api/tasks/search?q=a", SandboxHttp.ALICE).status()).isEqualTo(400);
		JsonNode rows = this.http.get("/api/tasks/search?q=passport", SandboxHttp.ALICE).data();
		assertThat(rows.size()).isEqualTo(1);
		assertThat(rows.get(0).get("kind").asString()).isEqualTo("task");
		assertThat(rows.get(0).get("ref").asString()).startsWith("u-alice1-");
		assertThat(
				this.http.get("/api/tasks/search?q=passport", SandboxHttp.BOB).data().get(0).get("org_slug").asString())
			.isEqualTo("u-bob01");
		assertThat(this.http.get("/api/tasks/search?q=plan+the&status=done", SandboxHttp.ALICE).data().size()).isZero();
	}

	@Test
	void batchWhenOneOperationFailsThenNothingApplied() {
		String a = task("Batch A");
		String b = task("Batch B");
		SandboxHttp.Response failed = this.http.post("/api/tasks/batch", SandboxHttp.ALICE,
				Map.of("operations", List.of(Map.of("op", "update", "task_id", a, "title", "Renamed"),
						Map.of("op", "update", "task_id", b, "status", "nonsense"))));
		assertThat(failed.status()).isEqualTo(400);
		assertThat(failed.errorMessage()).startsWith("operations[1]: ");
		assertThat(this.http.get("/api/items/" + a, SandboxHttp.ALICE).data().get("title").asString())
			.isEqualTo("Batch A");

		JsonNode ok = this.http.post("/api/tasks/batch", SandboxHttp.ALICE,
				Map.of("operations", List.of(Map.of("op", "update", "task_id", a, "title", "Renamed"),
						Map.of("op", "move", "task_id", b, "new_parent_id", a))))
			.data();
		assertThat(ok.get("tasks").size()).isEqualTo(2);
		assertThat(this.http.get("/api/items/" + b, SandboxHttp.ALICE).data().get("parent_id").asString()).isEqualTo(a);
	}

	@Test
	void promoteWhenSharedOrgThen200DataNullAndItemMovesToAcme() {
		String task = task("Promote me");
		String acme = this.http.get("/api/items/by-ref/acme-1", SandboxHttp.ALICE).data().get("org_slug").asString();
		assertThat(acme).isEqualTo("acme");
		String personalOrg = this.http.get("/api/auth/me", SandboxHttp.ALICE).data().get("personal_org_id").asString();
		assertThat(this.http
			.post("/api/tasks/" + task + "/promote", SandboxHttp.ALICE, Map.of("target_org_id", personalOrg))
			.status()).isEqualTo(400);
		String acmeId = acmeOrgId();
		SandboxHttp.Response promoted = this.http.post("/api/tasks/" + task + "/promote", SandboxHttp.ALICE,
				Map.of("target_org_id", acmeId));
		assertThat(promoted.status()).isEqualTo(200);
		assertThat(promoted.body()).isEqualTo("{\"version\":\"0.1\",\"data\":null,\"error\":null}");
		JsonNode item = this.http.get("/api/items/" + task, SandboxHttp.BOB).data();
		assertThat(item.get("org_slug").asString()).isEqualTo("acme");
	}

	@Test
	void moodHistoryWhenDoneTasksThenRows() {
		JsonNode rows = this.http.get("/api/tasks/mood-history", SandboxHttp.ALICE).data();
		assertThat(rows.size()).isGreaterThan(0);
		JsonNode row = rows.get(0);
		for (String field : new String[] { "task_id", "title", "finished_at", "productive", "mood_start",
				"mood_finish" }) {
			assertThat(row.has(field)).as(field).isTrue();
		}
	}

	private String acmeOrgId() {
		// the org id is the stable name-derived UUID the sandbox gives the shared org
		return java.util.UUID
			.nameUUIDFromBytes("deferno-sandbox:org:acme".getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString();
	}

}
