package com.defernowork.gateway.mcp.tools.activity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class ActivityToolsTests extends McpToolTestSupport {

	static final String ID = "00000000-0000-0000-0000-000000000099";

	static final String ATTACHMENT = """
			[{"id":"00000000-0000-0000-0000-000000000001","provider":"s3","filename":"notes.pdf","mime":"application/pdf",\
			"size":12345,"created_at":"2026-05-18T00:00:00Z","created_by":"00000000-0000-0000-0000-000000000abc",\
			"url":"https://s3.example.com/get?sig=..."}]""";

	static void kind(String kind) {
		stub(get("/api/items/" + ID).willReturn(data("{\"kind\":\"" + kind + "\",\"id\":\"" + ID + "\"}")));
	}

	@Test
	void postItemCommentWhenItemThenItemCommentsWithPrivateFlag() {
		stub(post("/api/items/" + ID + "/comments").willReturn(data(201, "{\"id\":\"c1\",\"body\":\"Hello\"}")));
		assertThat(ok("post_item_comment", Map.of("item_id", ID, "body", "Hello")).get("id").stringValue())
			.isEqualTo("c1");
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/comments"))
			.withRequestBody(equalToJson("{\"body\":\"Hello\",\"is_private\":false}")));
	}

	@Test
	void postItemCommentWhenEventAndDateThenOccurrenceComment() {
		kind("event");
		stub(post("/api/events/" + ID + "/occurrences/2026-05-18/comment")
			.willReturn(data(201, "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"task_id\":\"" + ID
					+ "\",\"body\":\"Hello\",\"is_private\":true,\"created_at\":\"2026-05-18T00:00:00Z\"}")));
		ok("post_item_comment", Map.of("item_id", ID, "body", "Hello", "is_private", true, "date", "2026-05-18"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-18/comment"))
			.withRequestBody(equalToJson("{\"body\":\"Hello\",\"is_private\":true}")));
	}

	@Test
	void postItemCommentWhenDateOnNonEventThenRefusedWithoutWrite() {
		kind("chore");
		assertThat(error("post_item_comment", Map.of("item_id", ID, "body", "x", "date", "2026-05-18")))
			.contains("this is a chore");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void postItemCommentWhenEventWithoutDateThenBackend400Carried() {
		stub(post("/api/items/" + ID + "/comments")
			.willReturn(failure(400, "bad_request", "item-level comments are not supported for Event")));
		assertThat(error("post_item_comment", Map.of("item_id", ID, "body", "x")))
			.isEqualTo("Deferno API error 400 [bad_request]: item-level comments are not supported for Event");
	}

	@Test
	void listItemCommentsWhenRefThenArray() {
		stub(get("/api/items/" + ID + "/comments")
			.willReturn(data("[{\"id\":\"c1\",\"body\":\"hi\",\"created_at\":\"x\"}]")));
		assertThat(ok("list_item_comments", Map.of("item_id", ID)).get(0).get("body").stringValue()).isEqualTo("hi");
	}

	@Test
	void updateCommentWhenBodyOnlyThenOnlyBodySent() {
		stub(patch(urlEqualTo("/api/comments/c1")).willReturn(data("{\"id\":\"c1\",\"body\":\"new\"}")));
		ok("update_comment", Map.of("comment_id", "c1", "body", "new"));
		deferno.verify(
				patchRequestedFor(urlEqualTo("/api/comments/c1")).withRequestBody(equalToJson("{\"body\":\"new\"}")));
		assertThat(error("update_comment", Map.of("comment_id", "c1"))).contains("nothing to change");
	}

	@Test
	void deleteCommentWhenNewRouteThenPostDelete() {
		stub(post("/api/comments/c1/delete").willReturn(noContent()));
		JsonNode result = ok("delete_comment", Map.of("comment_id", "c1"));
		assertThat(result.toString()).isEqualTo("{\"deleted\":true,\"comment_id\":\"c1\"}");
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
	}

	@Test
	void deleteCommentWhenOldBackendThenFallsBackToDelete() {
		stub(post("/api/comments/c1/delete").willReturn(failure(405, "method_not_allowed", "no such route")));
		stub(delete("/api/comments/c1").willReturn(noContent()));
		ok("delete_comment", Map.of("comment_id", "c1"));
		deferno.verify(deleteRequestedFor(urlEqualTo("/api/comments/c1")));
	}

	@Test
	void deleteCommentWhenRouterAnswers404WithoutEnvelopeThenFallsBackToDelete() {
		stub(post("/api/comments/c1/delete").willReturn(aResponse().withStatus(404)));
		stub(delete("/api/comments/c1").willReturn(noContent()));
		ok("delete_comment", Map.of("comment_id", "c1"));
		deferno.verify(deleteRequestedFor(urlEqualTo("/api/comments/c1")));
	}

	@Test
	void deleteCommentWhenTheCommentIsNotFoundThenReportedWithoutTheOlderForm() {
		stub(post("/api/comments/c1/delete").willReturn(failure(404, "not_found", "comment not found")));
		assertThat(error("delete_comment", Map.of("comment_id", "c1")))
			.isEqualTo("Deferno API error 404 [not_found]: comment not found");
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
	}

	@Test
	void patchEventOccurrenceCommentWhenFieldsThenOnlyGivenSent() {
		stub(patch(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-18/comment"))
			.willReturn(data("{\"id\":\"c\"}")));
		ok("patch_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18", "is_private", true));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-18/comment"))
			.withRequestBody(equalToJson("{\"is_private\":true}")));
	}

	@Test
	void deleteEventOccurrenceCommentWhenCalledThenPostDeleteAndOk() {
		stub(post("/api/events/" + ID + "/occurrences/2026-05-18/comment/delete").willReturn(noContent()));
		assertThat(ok("delete_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18")).toString())
			.isEqualTo("{\"ok\":true}");
	}

	@Test
	void presignItemAttachmentsWhenFilesThenPresignBody() {
		stub(post("/api/items/" + ID + "/attachments/presign").willReturn(data(
				"{\"attachments\":[{\"attachment_id\":\"a1\",\"put_url\":\"https://s3.example.com/upload?sig=...\","
						+ "\"expires_at\":\"2026-05-18T01:00:00Z\"}]}")));
		List<Map<String, Object>> files = List
			.of(Map.of("filename", "notes.pdf", "content_type", "application/pdf", "size_bytes", 12345));
		assertThat(
				ok("presign_item_attachments", Map.of("item_id", ID, "files", files)).at("/attachments/0/attachment_id")
					.stringValue())
			.isEqualTo("a1");
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/attachments/presign"))
			.withRequestBody(equalToJson(
					"{\"files\":[{\"filename\":\"notes.pdf\",\"content_type\":\"application/pdf\",\"size_bytes\":12345}]}")));
	}

	@Test
	void commitItemAttachmentsWhenOnlyIntentsThenUrlsKeyAbsentAndBothEmptyRefused() {
		kind("event");
		stub(post("/api/events/" + ID + "/occurrences/2026-05-18/attachments").willReturn(data(201, ATTACHMENT)));
		ok("commit_item_attachments", Map.of("item_id", ID, "intents", List.of("a1"), "date", "2026-05-18"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-18/attachments"))
			.withRequestBody(equalToJson("{\"intents\":[\"a1\"]}")));
		assertThat(error("commit_item_attachments", Map.of("item_id", ID, "intents", List.of()))).contains("intents");
	}

	@Test
	void listItemAttachmentsWhenItemThenList() {
		stub(get("/api/items/" + ID + "/attachments").willReturn(data(ATTACHMENT)));
		assertThat(ok("list_item_attachments", Map.of("item_id", ID)).get(0).get("filename").stringValue())
			.isEqualTo("notes.pdf");
	}

	@Test
	void deleteCommentWhenTheContainerAnswersItsOwn404EnvelopeThenFallsBackToDelete() {
		// the sandbox's servlet container: a path no handler serves, in the envelope
		stub(post("/api/comments/c1/delete").willReturn(failure(404, "not_found", "not found")));
		stub(delete("/api/comments/c1").willReturn(noContent()));
		ok("delete_comment", Map.of("comment_id", "c1"));
		deferno.verify(deleteRequestedFor(urlEqualTo("/api/comments/c1")));
	}

	@Test
	void deleteItemAttachmentWhenTheItemOrAttachmentIsUnknownThenReportedWithoutTheOlderForm() {
		for (String missing : List.of("item not found", "attachment not found", "no route to this attachment")) {
			deferno.resetAll();
			stub(post("/api/items/" + ID + "/attachments/a1/delete").willReturn(failure(404, "not_found", missing)));
			assertThat(error("delete_item_attachment", Map.of("item_id", ID, "att_id", "a1")))
				.isEqualTo("Deferno API error 404 [not_found]: " + missing);
			deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
		}
	}

	@Test
	void editsWhenListedThenDestructiveAsTheyReplaceWhatWasThere() {
		for (String tool : List.of("update_comment", "patch_event_occurrence_comment", "set_item_attachment_caption")) {
			assertThat(listed(tool).annotations().destructiveHint()).as(tool).isTrue();
		}
	}

	@Test
	void deleteItemAttachmentWhenOldBackendThenDeleteFallback() {
		// the sandbox's answer for a path it does not route
		stub(post("/api/items/" + ID + "/attachments/a1/delete")
			.willReturn(failure(404, "not_found", "no such route")));
		stub(delete("/api/items/" + ID + "/attachments/a1").willReturn(noContent()));
		assertThat(ok("delete_item_attachment", Map.of("item_id", ID, "att_id", "a1")).toString())
			.isEqualTo("{\"ok\":true}");
		deferno.verify(deleteRequestedFor(urlEqualTo("/api/items/" + ID + "/attachments/a1")));
	}

	@Test
	void setItemAttachmentCaptionWhenNullThenClearSentAndEmptyRefused() {
		stub(patch(urlEqualTo("/api/items/" + ID + "/attachments/a1"))
			.willReturn(data("{\"id\":\"a1\",\"caption\":null}")));
		Map<String, Object> args = new HashMap<>();
		args.put("item_id", ID);
		args.put("att_id", "a1");
		args.put("caption", null);
		ok("set_item_attachment_caption", args);
		deferno.verify(patchRequestedFor(urlEqualTo("/api/items/" + ID + "/attachments/a1"))
			.withRequestBody(equalToJson("{\"caption\":null}")));
		assertThat(error("set_item_attachment_caption", Map.of("item_id", ID, "att_id", "a1", "caption", "")))
			.contains("caption must not be empty");
	}

}
