package com.defernowork.gateway.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.testsupport.OneCalendarDay;

import static org.assertj.core.api.Assertions.assertThat;

/** Comments and attachments at item level and on Event occurrences. */
@OneCalendarDay
class ActivityIT extends SandboxTestBase {

	private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

	@Test
	void itemCommentsWhenPostedThenListedEditableAndDeletable() {
		String task = task("Commented");
		SandboxHttp.Response posted = this.http.post("/api/items/" + task + "/comments", SandboxHttp.ALICE,
				Map.of("body", "Hello", "is_private", false));
		assertThat(posted.status()).isEqualTo(201);
		String id = posted.data().get("id").asString();
		assertThat(posted.data().get("body").asString()).isEqualTo("Hello");
		assertThat(posted.data().get("created_at").asString()).endsWith("Z");
		assertThat(
				this.http.get("/api/items/" + task + "/comments", SandboxHttp.ALICE).data().get(0).get("id").asString())
			.isEqualTo(id);
		SandboxHttp.Response empty = this.http.patch("/api/comments/" + id, SandboxHttp.ALICE, Map.of());
		assertThat(empty.status()).isEqualTo(422);
		assertThat(this.http.patch("/api/comments/" + id, SandboxHttp.ALICE, Map.of("body", "Edited"))
			.data()
			.get("body")
			.asString()).isEqualTo("Edited");
		assertThat(this.http.delete("/api/comments/" + id, SandboxHttp.ALICE).status()).isEqualTo(204);
		assertThat(this.http.delete("/api/comments/" + id, SandboxHttp.ALICE).status()).isEqualTo(404);
		assertThat(this.http.post("/api/items/" + task + "/comments", SandboxHttp.ALICE, Map.of("body", " ")).status())
			.isEqualTo(400);
	}

	@Test
	void taskCommentsRouteWhenPostedThenSameTimeline() {
		String task = task("Task route");
		assertThat(this.http.post("/api/tasks/" + task + "/comments", SandboxHttp.ALICE, Map.of("body", "Via tasks"))
			.status()).isEqualTo(201);
		assertThat(this.http.get("/api/items/" + task + "/comments", SandboxHttp.ALICE)
			.data()
			.get(0)
			.get("body")
			.asString()).isEqualTo("Via tasks");
	}

	@Test
	void itemLevelRoutesWhenEventThen400() {
		String event = event("Standup");
		SandboxHttp.Response comment = this.http.post("/api/items/" + event + "/comments", SandboxHttp.ALICE,
				Map.of("body", "Hello", "is_private", false));
		assertThat(comment.status()).isEqualTo(400);
		assertThat(comment.body()).isEqualTo(
				"{\"version\":\"0.1\",\"data\":null,\"error\":{\"code\":\"bad_request\",\"message\":\"item-level comments are not supported for Event\"}}");
		assertThat(this.http.get("/api/items/" + event + "/attachments", SandboxHttp.ALICE).status()).isEqualTo(400);
	}

	@Test
	void occurrenceCommentWhenPostedThenOccurrenceRoutesActOnTheFirstAndGenericRoutesOnAnyById() {
		String event = event("Retro");
		String path = "/api/events/" + event + "/occurrences/" + this.today + "/comment";
		SandboxHttp.Response posted = this.http.post(path, SandboxHttp.ALICE,
				Map.of("body", "Hello", "is_private", false));
		assertThat(posted.status()).isEqualTo(201);
		assertThat(posted.data().get("task_id").asString()).isEqualTo(event);
		String id = posted.data().get("id").asString();
		String later = this.http.post(path, SandboxHttp.ALICE, Map.of("body", "Later", "is_private", false))
			.data()
			.get("id")
			.asString();
		assertThat(this.http.patch("/api/comments/" + later, SandboxHttp.ALICE, Map.of("body", "Later, edited"))
			.data()
			.get("body")
			.asString()).as("the generic route reaches a comment that is not the first").isEqualTo("Later, edited");
		assertThat(comments(event)).containsExactlyInAnyOrder("Hello", "Later, edited");
		assertThat(this.http.patch(path, SandboxHttp.ALICE, Map.of("body", "Edited")).data().get("id").asString())
			.as("the first comment, as Deferno's")
			.isEqualTo(id);
		assertThat(comments(event)).containsExactlyInAnyOrder("Edited", "Later, edited");
		assertThat(this.http.send("POST", path + "/delete", SandboxHttp.ALICE, null, "application/json").status())
			.as("Deferno's delete routes require their JSON body")
			.isEqualTo(400);
		assertThat(this.http.post(path + "/delete", SandboxHttp.ALICE, Map.of()).status()).isEqualTo(204);
		assertThat(comments(event)).containsExactly("Later, edited");
		assertThat(this.http.delete(path, SandboxHttp.ALICE).status()).as("the older route").isEqualTo(204);
		assertThat(this.http.delete(path, SandboxHttp.ALICE).status()).isEqualTo(404);
		String third = this.http.post(path, SandboxHttp.ALICE, Map.of("body", "Third", "is_private", false))
			.data()
			.get("id")
			.asString();
		assertThat(this.http.post("/api/comments/" + third + "/delete", SandboxHttp.ALICE, Map.of()).status())
			.isEqualTo(204);
		assertThat(comments(event)).isEmpty();
	}

	private List<String> comments(String event) {
		JsonNode occurrences = this.http
			.get("/api/events/" + event + "/occurrences?from=" + this.today + "&to=" + this.today, SandboxHttp.ALICE)
			.data();
		List<String> bodies = new ArrayList<>();
		occurrences.get(0).get("comment").forEach((comment) -> bodies.add(comment.get("body").asString()));
		return bodies;
	}

	/** One five-byte text file's upload, presigned. */
	private JsonNode presignNotes(String attachments) {
		return this.http
			.post(attachments + "/presign", SandboxHttp.ALICE,
					Map.of("files",
							List.of(Map.of("filename", "notes.txt", "content_type", "text/plain", "size_bytes", 5))))
			.data()
			.get("attachments")
			.get(0);
	}

	@Test
	void uploadWhenSizeOrContentTypeDiffersFromThePresignThen403AndNothingUploaded() throws Exception {
		String task = task("Strict upload");
		String base = "/api/items/" + task + "/attachments";
		JsonNode presigned = presignNotes(base);
		URI putUrl = URI.create(presigned.get("put_url").asString());
		// a presigned URL signs both: the store refuses what it never signed
		for (String[] upload : List.of(new String[] { "hello, world", "text/plain" },
				new String[] { "hello", "application/octet-stream" }, new String[] { "hell", "text/plain" })) {
			HttpResponse<String> refused = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(putUrl)
					.PUT(HttpRequest.BodyPublishers.ofString(upload[0]))
					.header("content-type", upload[1])
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).as(upload[0] + " " + upload[1]).isEqualTo(403);
		}
		SandboxHttp.Response commit = this.http.post(base, SandboxHttp.ALICE,
				Map.of("intents", List.of(presigned.get("attachment_id").asString())));
		assertThat(commit.status()).isEqualTo(400);
		assertThat(commit.errorMessage()).contains("has not been uploaded");
	}

	@Test
	void attachmentsWhenPresignedUploadedAndCommittedThenListedCaptionedDeleted() throws Exception {
		String task = task("With files");
		String base = "/api/items/" + task + "/attachments";
		JsonNode presigned = presignNotes(base);
		String attachmentId = presigned.get("attachment_id").asString();
		String putUrl = presigned.get("put_url").asString();
		assertThat(putUrl).startsWith("http://127.0.0.1:" + this.port + "/");
		assertThat(presigned.get("expires_at").asString()).endsWith("Z");

		SandboxHttp.Response early = this.http.post(base, SandboxHttp.ALICE, Map.of("intents", List.of(attachmentId)));
		assertThat(early.status()).isEqualTo(400);
		HttpResponse<String> upload = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(putUrl))
				.PUT(HttpRequest.BodyPublishers.ofString("hello"))
				.header("content-type", "text/plain")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(upload.statusCode()).isEqualTo(200);

		SandboxHttp.Response committed = this.http.post(base, SandboxHttp.ALICE,
				Map.of("intents", List.of(attachmentId), "urls", List.of(Map.of("url", "https://example.com/a.pdf"))));
		assertThat(committed.status()).isEqualTo(201);
		assertThat(committed.data().size()).isEqualTo(2);
		JsonNode file = committed.data().get(0);
		assertThat(file.get("provider").asString()).isEqualTo("s3");
		assertThat(file.get("filename").asString()).isEqualTo("notes.txt");
		HttpResponse<String> download = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(file.get("url").asString())).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(download.body()).isEqualTo("hello");

		assertThat(this.http.post(base, SandboxHttp.ALICE, Map.of()).errorMessage())
			.isEqualTo("nothing to commit: intents and urls are both empty");
		assertThat(this.http.patch(base + "/" + attachmentId, SandboxHttp.ALICE, Map.of("caption", "")).status())
			.isEqualTo(400);
		assertThat(this.http.patch(base + "/" + attachmentId, SandboxHttp.ALICE, Map.of("caption", "Draft"))
			.data()
			.get("caption")
			.asString()).isEqualTo("Draft");
		assertThat(this.http.patch(base + "/" + attachmentId, SandboxHttp.ALICE, "{\"caption\":null}")
			.data()
			.get("caption")
			.isNull()).isTrue();
		assertThat(this.http.delete(base + "/" + attachmentId, SandboxHttp.ALICE).status()).isEqualTo(204);
		String urlId = committed.data().get(1).get("id").asString();
		assertThat(this.http.post(base + "/" + urlId + "/delete", SandboxHttp.ALICE, Map.of()).status()).isEqualTo(204);
		assertThat(this.http.get(base, SandboxHttp.ALICE).data().size()).isZero();
	}

	@Test
	void occurrenceAttachmentsWhenUrlCommittedThenOnThatOccurrence() {
		String event = event("Demo day");
		String base = "/api/events/" + event + "/occurrences/" + this.today + "/attachments";
		SandboxHttp.Response committed = this.http.post(base, SandboxHttp.ALICE,
				Map.of("urls", List.of(Map.of("url", "https://example.com/deck", "filename", "deck"))));
		assertThat(committed.status()).isEqualTo(201);
		assertThat(committed.data().get(0).get("occurrence_date").asString()).isEqualTo(this.today.toString());
		assertThat(
				this.http
					.post(base + "/presign", SandboxHttp.ALICE,
							Map.of("files", List.of(Map.of("filename", "a.exe", "content_type",
									"application/x-msdownload", "size_bytes", 10))))
					.status())
			.isEqualTo(400);
		String id = committed.data().get(0).get("id").asString();
		assertThat(this.http.delete(base + "/" + id, SandboxHttp.ALICE).status()).isEqualTo(204);
		assertThat(this.http
			.get("/api/events/" + event + "/occurrences/" + this.today.plusDays(1) + "/attachments", SandboxHttp.ALICE)
			.status()).isEqualTo(404);
	}

	private String event(String title) {
		return this.http
			.post("/api/events", SandboxHttp.ALICE, Map.of("title", title, "complete_by", this.today + "T09:00:00Z"))
			.data()
			.get("id")
			.asString();
	}

}
