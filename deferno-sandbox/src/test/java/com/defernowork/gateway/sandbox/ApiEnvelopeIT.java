package com.defernowork.gateway.sandbox;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope, error statuses and the OData subset of {@code GET /items}, over real
 * HTTP.
 */
class ApiEnvelopeIT extends SandboxTestBase {

	@Test
	void authMeWhenTokenValidThenEnvelopeWithUser() {
		SandboxHttp.Response response = this.http.get("/api/auth/me", SandboxHttp.ALICE);
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("version").asString()).isEqualTo("0.1");
		assertThat(body.get("error").isNull()).isTrue();
		JsonNode me = body.get("data");
		assertThat(me.get("username").asString()).isEqualTo("alice");
		assertThat(me.get("is_admin").asBoolean()).isFalse();
		assertThat(me.get("role").asString()).isEqualTo("user");
		assertThat(me.get("org_slug").asString()).isEqualTo("u-alice1");
		assertThat(me.get("id").asString()).matches("[0-9a-f-]{36}");
		assertThat(me.get("personal_org_id").asString()).matches("[0-9a-f-]{36}");
	}

	@Test
	void apiCallWhenNoOrBadTokenThen401Envelope() {
		for (String token : new String[] { null, "deferno_nope" }) {
			SandboxHttp.Response response = this.http.get("/api/auth/me", token);
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.json().get("data").isNull()).isTrue();
			assertThat(response.errorCode()).isEqualTo("unauthorized");
			assertThat(response.errorMessage()).isEqualTo("missing or invalid token");
		}
	}

	@Test
	void unknownRouteThen404EnvelopeAndWrongMethodThen405Envelope() {
		SandboxHttp.Response missing = this.http.get("/api/no-such-thing", SandboxHttp.ALICE);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.errorCode()).isEqualTo("not_found");
		SandboxHttp.Response wrong = this.http.send("PUT", "/api/auth/me", SandboxHttp.ALICE, "{}", "application/json");
		assertThat(wrong.status()).isEqualTo(405);
		assertThat(wrong.json().get("version").asString()).isEqualTo("0.1");
		assertThat(wrong.errorCode()).isEqualTo("method_not_allowed");
	}

	@Test
	void errorPathWhenRequestedDirectlyThen404EnvelopeNot500() {
		SandboxHttp.Response direct = this.http.get("/error", null);
		assertThat(direct.status()).isEqualTo(404);
		assertThat(direct.errorCode()).isEqualTo("not_found");
	}

	@Test
	void apiCallWhenAcceptHtmlThenStillJsonEnvelope() {
		java.net.http.HttpResponse<String> html;
		try {
			html = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/api/auth/me"))
					.header("accept", "text/html")
					.header("authorization", "Bearer " + SandboxHttp.ALICE)
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.body()).contains("\"username\":\"alice\"");
	}

	@Test
	void malformedJsonThen400EnvelopeNotServerError() {
		SandboxHttp.Response response = this.http.post("/api/tasks", SandboxHttp.ALICE, "{\"title\": ");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorCode()).isEqualTo("bad_request");
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void healthOutsideApiAndActuatorHealthUp() {
		assertThat(this.http.get("/health", null).status()).isEqualTo(200);
		SandboxHttp.Response actuator = this.http.get("/actuator/health", null);
		assertThat(actuator.status()).isEqualTo(200);
		assertThat(actuator.json().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void listItemsWhenTopOver500Then400() {
		SandboxHttp.Response response = this.http.get("/api/items?$top=501", SandboxHttp.ALICE);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorMessage()).isEqualTo("$top exceeds max of 500");
	}

	@Test
	void listItemsWhenFieldNotFilterableThen400() {
		SandboxHttp.Response response = this.http.get("/api/items?$filter=nope%20eq%20'x'", SandboxHttp.ALICE);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").get("code").asString()).isEqualTo("bad_request");
		assertThat(response.errorMessage()).isEqualTo("field 'nope' not filterable");
	}

	@Test
	void listItemsWhenSelectThenIdentityFieldsInjected() {
		SandboxHttp.Response response = this.http.get(
				"/api/items?$select=kind,type,ref,org_slug,sequence,title,status,complete_by,parent_id,labels&$top=5",
				SandboxHttp.ALICE);
		assertThat(response.status()).isEqualTo(200);
		JsonNode rows = response.data();
		assertThat(rows.size()).isEqualTo(5);
		for (JsonNode row : rows) {
			assertThat(row.has("id")).isTrue();
			assertThat(row.get("ref").asString())
				.isEqualTo(row.get("org_slug").asString() + "-" + row.get("sequence").asInt());
			assertThat(row.get("kind").asString()).isEqualTo(row.get("type").asString());
			assertThat(row.has("description")).isFalse();
			assertThat(row.has("today_occurrence")).isFalse();
		}
	}

	@Test
	void listItemsWhenFilterByKindStatusAndDateRangeThenOnlyMatches() {
		String filter = java.net.URLEncoder.encode(
				"kind eq 'task' and status eq 'open' and complete_by ge 2000-01-01T00:00:00Z and complete_by le 2100-12-31T23:59:59.999Z",
				java.nio.charset.StandardCharsets.UTF_8)
			.replace("+", "%20");
		JsonNode rows = this.http.get("/api/items?$filter=" + filter, SandboxHttp.ALICE).data();
		assertThat(rows.size()).isGreaterThan(0);
		for (JsonNode row : rows) {
			assertThat(row.get("kind").asString()).isEqualTo("task");
			assertThat(row.get("status").asString()).isEqualTo("open");
			assertThat(row.get("complete_by").isNull()).isFalse();
		}
		String bareDate = java.net.URLEncoder.encode("complete_by ge 2000-01-01",
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(this.http.get("/api/items?$filter=" + bareDate, SandboxHttp.ALICE).data().size()).isZero();
	}

	@Test
	void listItemsWhenWindowAllThenOldDoneTasksIncluded() {
		JsonNode windowed = this.http.get("/api/items", SandboxHttp.ALICE).data();
		JsonNode all = this.http.get("/api/items?window=all", SandboxHttp.ALICE).data();
		assertThat(titles(windowed)).doesNotContain("Archive old notes").contains("Review last week");
		assertThat(titles(all)).contains("Archive old notes");
		String filter = java.net.URLEncoder.encode("kind eq 'task'", java.nio.charset.StandardCharsets.UTF_8);
		assertThat(titles(this.http.get("/api/items?$filter=" + filter, SandboxHttp.ALICE).data()))
			.contains("Archive old notes");
	}

	@Test
	void refResolversWhenSequenceCanonicalAndAliasThenSameShape() {
		JsonNode bySeq = this.http.get("/api/items/by-seq/1", SandboxHttp.ALICE).data();
		assertThat(bySeq.get("org_slug").asString()).isEqualTo("u-alice1");
		assertThat(bySeq.get("ref").asString()).isEqualTo("u-alice1-1");
		assertThat(this.http.get("/api/items/by-seq/%231", SandboxHttp.ALICE).data().get("id"))
			.isEqualTo(bySeq.get("id"));
		JsonNode byRef = this.http.get("/api/items/by-ref/u-alice1-1", SandboxHttp.ALICE).data();
		assertThat(byRef.get("id")).isEqualTo(bySeq.get("id"));
		JsonNode shared = this.http.get("/api/items/by-ref/acme-1", SandboxHttp.ALICE).data();
		assertThat(shared.get("org_slug").asString()).isEqualTo("acme");
		JsonNode alias = this.http.get("/api/items/by-alias/octo%2Fsandbox%2344", SandboxHttp.ALICE).data();
		assertThat(alias.get("title").asString()).isEqualTo("Renew passport");
		for (JsonNode item : new JsonNode[] { bySeq, byRef, shared, alias }) {
			for (String field : new String[] { "kind", "type", "id", "ref", "org_slug", "sequence" }) {
				assertThat(item.has(field)).as(field).isTrue();
			}
		}
		SandboxHttp.Response unknown = this.http.get("/api/items/by-ref/acme-9999", SandboxHttp.ALICE);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errorMessage()).isEqualTo("item not found");
	}

	@Test
	void getItemWhenNotUuidThen400AndUnknownThen404() {
		assertThat(this.http.get("/api/items/not-a-uuid", SandboxHttp.ALICE).status()).isEqualTo(400);
		SandboxHttp.Response missing = this.http.get("/api/items/00000000-0000-0000-0000-000000000001",
				SandboxHttp.ALICE);
		assertThat(missing.status()).isEqualTo(404);
		// the Deferno API's documented error example, byte for byte
		assertThat(missing.body()).isEqualTo(
				"{\"version\":\"0.1\",\"data\":null,\"error\":{\"code\":\"not_found\",\"message\":\"item not found\"}}");
	}

	private static java.util.List<String> titles(JsonNode rows) {
		java.util.List<String> titles = new java.util.ArrayList<>();
		rows.forEach((row) -> titles.add(row.get("title").asString()));
		return titles;
	}

}
