package com.defernowork.gateway.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each user lists their personal org (as Deferno lists), reaches the shared org's items
 * by ref, and never another user's personal items.
 */
class UserIsolationIT extends SandboxTestBase {

	@Test
	void listItemsWhenBobThenHisPersonalOrgOnlyAndSharedItemsByRef() {
		List<String> bobOrgs = orgs(this.http.get("/api/items?window=all", SandboxHttp.BOB).data());
		assertThat(bobOrgs).isNotEmpty().containsOnly("u-bob01");
		List<String> aliceOrgs = orgs(this.http.get("/api/items?window=all", SandboxHttp.ALICE).data());
		assertThat(aliceOrgs).isNotEmpty().containsOnly("u-alice1");
		assertThat(this.http.get("/api/items/by-ref/acme-1", SandboxHttp.BOB).status()).isEqualTo(200);
	}

	@Test
	void getAndMutateWhenItemIsAnotherUsersThen404() {
		String aliceItem = this.http.get("/api/items/by-seq/1", SandboxHttp.ALICE).data().get("id").asString();
		assertThat(this.http.get("/api/items/" + aliceItem, SandboxHttp.BOB).status()).isEqualTo(404);
		assertThat(this.http.get("/api/items/by-ref/u-alice1-1", SandboxHttp.BOB).status()).isEqualTo(404);
		assertThat(this.http.patch("/api/tasks/" + aliceItem, SandboxHttp.BOB, "{\"title\":\"mine now\"}").status())
			.isEqualTo(404);
		assertThat(this.http.delete("/api/tasks/" + aliceItem, SandboxHttp.BOB).status()).isEqualTo(404);
		assertThat(this.http.get("/api/items/" + aliceItem, SandboxHttp.ALICE).data().get("title").asString())
			.isEqualTo("Plan the week");
	}

	@Test
	void bySeqWhenBobThenOwnPersonalOrgOnly() {
		JsonNode item = this.http.get("/api/items/by-seq/1", SandboxHttp.BOB).data();
		assertThat(item.get("org_slug").asString()).isEqualTo("u-bob01");
	}

	@Test
	void sharedItemWhenBothUsersThenSameItem() {
		JsonNode alice = this.http.get("/api/items/by-ref/acme-1", SandboxHttp.ALICE).data();
		JsonNode bob = this.http.get("/api/items/by-ref/acme-1", SandboxHttp.BOB).data();
		assertThat(bob.get("id")).isEqualTo(alice.get("id"));
	}

	@Test
	void privateCommentWhenOtherUserThenHidden() {
		String shared = this.http.get("/api/items/by-ref/acme-1", SandboxHttp.ALICE).data().get("id").asString();
		String comments = "/api/items/" + shared + "/comments";
		assertThat(this.http.post(comments, SandboxHttp.ALICE, Map.of("body", "alice's own note", "is_private", true))
			.status()).isEqualTo(201);
		assertThat(this.http.post(comments, SandboxHttp.ALICE, Map.of("body", "for everyone", "is_private", false))
			.status()).isEqualTo(201);

		String bobsList = this.http.get(comments, SandboxHttp.BOB).data().toString();
		String bobsItem = this.http.get("/api/items/" + shared, SandboxHttp.BOB).data().get("comments").toString();
		assertThat(bobsList).contains("for everyone").doesNotContain("alice's own note");
		assertThat(bobsItem).contains("for everyone").doesNotContain("alice's own note");
		assertThat(this.http.get(comments, SandboxHttp.ALICE).data().toString()).contains("for everyone")
			.contains("alice's own note");
	}

	private static List<String> orgs(JsonNode rows) {
		List<String> orgs = new ArrayList<>();
		rows.forEach((row) -> orgs.add(row.get("org_slug").asString()));
		return orgs;
	}

}
