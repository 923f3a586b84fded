package com.defernowork.gateway.mcp.tools.activity;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.ToolCatalog;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

	@Autowired
	private ToolCatalog catalog;

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
	void postItemCommentWhenEventByUuidWithoutDateThenBackend400CarriedWithTheArgumentItLacks() {
		// a UUID comes without its kind: Deferno's words name the Event, not date
		stub(post("/api/items/" + ID + "/comments")
			.willReturn(failure(400, "bad_request", "item-level comments are not supported for Event")));
		assertThat(error("post_item_comment", Map.of("item_id", ID, "body", "x")))
			.isEqualTo("Deferno API error 400 [bad_request]: item-level comments are not supported for Event (if "
					+ "item_id is an Event: an Event's comments are on its occurrences: pass date (YYYY-MM-DD) to "
					+ "comment on one)");
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
		stub(post("/api/comments/c1/delete").withHeader("Content-Type", containing("application/json"))
			.withRequestBody(equalToJson("{}"))
			.willReturn(noContent()));
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
		// as delete_item's: a retried delete finds nothing
		assertThat(error("delete_comment", Map.of("comment_id", "c1")))
			.isEqualTo("Deferno API error 404 [not_found]: comment not found; if an earlier delete_comment of this "
					+ "comment_id succeeded, there is nothing left to do (list_item_comments shows the comments left)");
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
	}

	@Test
	void patchEventOccurrenceCommentWhenFieldsThenOnlyGivenSent() {
		kind("event");
		stub(patch(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-18/comment"))
			.willReturn(data("{\"id\":\"c\"}")));
		ok("patch_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18", "is_private", true));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/events/" + ID + "/occurrences/2026-05-18/comment"))
			.withRequestBody(equalToJson("{\"is_private\":true}")));
	}

	@Test
	void commentEditsWhenBodyIsBlankThenRefusedAlikeWithoutWrite() {
		kind("event");
		String blank = "body must have at least one visible character";
		for (String body : List.of("", "   ", "\u200b")) {
			assertThat(error("patch_event_occurrence_comment",
					Map.of("event_id", ID, "date", "2026-05-18", "body", body, "is_private", true)))
				.as("'%s'", body)
				.contains(blank);
			assertThat(
					error("patch_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18", "body", body)))
				.as("'%s'", body)
				.contains(blank);
		}
		assertThat(error("update_comment", Map.of("comment_id", "c1", "body", "   ", "is_private", true)))
			.contains(blank);
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
	}

	@Test
	void commitItemAttachmentsWhenAUrlsFilenameIsBlankThenRefusedNamingItsPlaceWithoutWrite() {
		assertThat(error("commit_item_attachments",
				Map.of("item_id", ID, "urls", List.of(Map.of("url", "https://example.com/a", "filename", "   ")))))
			.contains("urls[0].filename must have at least one visible character");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void commitItemAttachmentsWhenAnIntentIsBlankOrAnIntentOrLinkRepeatedThenRefusedNamingItsPlaceWithoutWrite() {
		assertThat(error("commit_item_attachments", Map.of("item_id", ID, "intents", List.of("att-1", " "))))
			.contains("intents[1] must have at least one visible character");
		assertThat(error("commit_item_attachments", Map.of("item_id", ID, "intents", List.of("att-1", "att-1"))))
			.isEqualTo("commit_item_attachments: intents[1] repeats 'att-1': give each once");
		// Deferno would attach the link twice
		assertThat(error("commit_item_attachments",
				Map.of("item_id", ID, "urls",
						List.of(Map.of("url", "https://example.com/a"), Map.of("url", "https://example.com/a")))))
			.isEqualTo("commit_item_attachments: urls[1].url repeats urls[0].url: give each link once");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void commitItemAttachmentsWhenAUrlIsNotHttpThenRefusedNamingWhichWithoutWrite() {
		assertThat(error("commit_item_attachments",
				Map.of("item_id", ID, "urls",
						List.of(Map.of("url", "https://example.com/a"), Map.of("url", "ftp://example.com/b")))))
			.isEqualTo(
					"commit_item_attachments: urls[1].url must be an http(s) URL: each urls entry is {url, filename?}");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void deleteEventOccurrenceCommentWhenCalledThenPostDeleteAndTheAnswerNamesTheCommentDeleted() {
		kind("event");
		String occurrences = "/api/events/" + ID + "/occurrences?from=2026-05-18&to=2026-05-18";
		String oldest = "{\"id\":\"c1\",\"body\":\"first note\",\"created_at\":\"2026-05-18T08:00:00Z\"}";
		String newer = "{\"id\":\"c2\",\"body\":\"second note\",\"created_at\":\"2026-05-18T09:00:00Z\"}";
		stub(get(occurrences).inScenario("delete")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(data("[{\"scheduled_date\":\"2026-05-18\",\"comment\":[" + oldest + "," + newer + "]}]")));
		stub(post("/api/events/" + ID + "/occurrences/2026-05-18/comment/delete").inScenario("delete")
			.withHeader("Content-Type", containing("application/json"))
			.withRequestBody(equalToJson("{}"))
			.willReturn(noContent())
			.willSetStateTo("deleted"));
		stub(get(occurrences).inScenario("delete")
			.whenScenarioStateIs("deleted")
			.willReturn(data("[{\"scheduled_date\":\"2026-05-18\",\"comment\":[" + newer + "]}]")));
		assertThat(ok("delete_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18")).toString())
			.isEqualTo("{\"ok\":true,\"deleted\":{\"id\":\"c1\",\"body\":\"first note\","
					+ "\"created_at\":\"2026-05-18T08:00:00Z\"},\"comments_left\":1}");
	}

	@Test
	void deleteEventOccurrenceCommentWhenTheReadBackFailsThenStillOkSayingNotToRetry() {
		kind("event");
		String occurrences = "/api/events/" + ID + "/occurrences?from=2026-05-18&to=2026-05-18";
		stub(get(occurrences).inScenario("read back")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(data("[{\"scheduled_date\":\"2026-05-18\",\"comment\":[{\"id\":\"c1\"}]}]")));
		stub(post("/api/events/" + ID + "/occurrences/2026-05-18/comment/delete").inScenario("read back")
			.willReturn(noContent())
			.willSetStateTo("deleted"));
		stub(get(occurrences).inScenario("read back")
			.whenScenarioStateIs("deleted")
			.willReturn(failure(503, "internal", "busy")));
		JsonNode answer = ok("delete_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18"));
		assertThat(answer.get("ok").booleanValue()).isTrue();
		assertThat(answer.get("note").stringValue()).contains("A comment was deleted",
				"do not call this again to retry");
	}

	@Test
	void eventOccurrenceCommentsWhenTheItemIsNoEventThenRefusedNamingItsKindWithoutWrite() {
		stub(get("/api/items/by-seq/1").willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		assertThat(error("patch_event_occurrence_comment", Map.of("event_id", "#1", "date", "2026-12-09", "body", "x")))
			.contains("event_id #1 is a task, not an event");
		assertThat(error("delete_event_occurrence_comment", Map.of("event_id", "#1", "date", "2026-12-09")))
			.contains("event_id #1 is a task, not an event");
		deferno.verify(exactly(0), patchRequestedFor(anyUrl()));
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
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
	void presignItemAttachmentsWhenSeveralFilesThenEachRecordNamesItsFile() {
		// Deferno's records name no file: they come in the order of the files
		stub(post("/api/items/" + ID + "/attachments/presign")
			.willReturn(data("{\"attachments\":[{\"attachment_id\":\"a1\"},{\"attachment_id\":\"a2\"}]}")));
		List<Map<String, Object>> files = List.of(
				Map.of("filename", "notes.pdf", "content_type", "application/pdf", "size_bytes", 12345),
				Map.of("filename", "photo.jpg", "content_type", "image/jpeg", "size_bytes", 99));
		assertThat(ok("presign_item_attachments", Map.of("item_id", ID, "files", files)).get("attachments").toString())
			.isEqualTo("[{\"attachment_id\":\"a1\",\"filename\":\"notes.pdf\",\"content_type\":\"application/pdf\"},"
					+ "{\"attachment_id\":\"a2\",\"filename\":\"photo.jpg\",\"content_type\":\"image/jpeg\"}]");
	}

	@Test
	void commitItemAttachmentsWhenAnIntentIsUnknownThenTheItemsAttachmentsTellACommittedOneFromAnotherItems() {
		String committed = "00000000-0000-0000-0000-000000000001";
		stub(post("/api/items/" + ID + "/attachments")
			.willReturn(failure(400, "bad_request", "unknown attachment intent " + committed)));
		stub(get("/api/items/" + ID + "/attachments").willReturn(data(ATTACHMENT)));
		// a retry of a commit that went through
		assertThat(error("commit_item_attachments", Map.of("item_id", ID, "intents", List.of(committed))))
			.isEqualTo("Deferno API error 400 [bad_request]: unknown attachment intent " + committed + "; an intent is "
					+ "committed once, to the item (and date) it was presigned for, before it expires, and " + committed
					+ " is already attached to this item (list_item_attachments lists it), by an earlier call: nothing "
					+ "of this call was committed; call again without it for the rest");
		// one presigned for another item
		String other = "00000000-0000-0000-0000-000000000002";
		stub(post("/api/items/" + ID + "/attachments")
			.willReturn(failure(400, "bad_request", "unknown attachment intent " + other)));
		assertThat(error("commit_item_attachments", Map.of("item_id", ID, "intents", List.of(other))))
			.endsWith("before it expires: it is not among this item's attachments (list_item_attachments), so it was "
					+ "presigned for another item or date, or has expired: presign the file again for this one");
	}

	@Test
	void commitItemAttachmentsWhenAcceptedThenTheAttachmentsAreNotReadAgain() {
		stub(post("/api/items/" + ID + "/attachments").willReturn(data(201, ATTACHMENT)));
		ok("commit_item_attachments",
				Map.of("item_id", ID, "intents", List.of("00000000-0000-0000-0000-000000000001")));
		deferno.verify(exactly(0), getRequestedFor(urlEqualTo("/api/items/" + ID + "/attachments")));
	}

	@Test
	void commentAndAttachmentIdsWhenAnItemRefThenRefusedBeforeDefernoNamingWhereIdsComeFrom() {
		assertThat(error("update_comment", Map.of("comment_id", "#49", "body", "x"))).isEqualTo(
				"update_comment: comment_id '#49' is an item ref (#N names an item, not its comment): comment_id "
						+ "is the raw id list_item_comments gives");
		assertThat(error("delete_comment", Map.of("comment_id", "#49"))).contains("list_item_comments");
		assertThat(error("delete_item_attachment", Map.of("item_id", ID, "att_id", "#3")))
			.contains("att_id '#3' is an item ref", "list_item_attachments");
		assertThat(error("set_item_attachment_caption", Map.of("item_id", ID, "att_id", "#3", "caption", "x")))
			.contains("list_item_attachments");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void presignItemAttachmentsWhenSizeHasAZeroFractionThenSentAsAnInteger() {
		stub(post("/api/items/" + ID + "/attachments/presign").willReturn(data("{\"attachments\":[]}")));
		ok("presign_item_attachments", Map.of("item_id", ID, "files",
				List.of(Map.of("filename", "a.txt", "content_type", "text/plain", "size_bytes", 1024.0))));
		// Deferno's int64 refuses 1024.0
		assertThat(deferno.findAll(postRequestedFor(urlEqualTo("/api/items/" + ID + "/attachments/presign")))
			.get(0)
			.getBodyAsString()).contains("\"size_bytes\":1024}").doesNotContain("1024.0");
	}

	@Test
	void presignItemAttachmentsWhenSizeIsNoneOrOver25MegabytesThenRefusedNamingTheRange() {
		for (long size : List.of(0L, AttachmentTools.MAX_FILE_BYTES + 1)) {
			// the tool itself: the schema may refuse it first
			CallToolResult direct = this.catalog.tools()
				.stream()
				.filter((tool) -> tool.name().equals("presign_item_attachments"))
				.findFirst()
				.orElseThrow()
				.call()
				.apply(Map.of("item_id", ID, "files",
						List.of(Map.of("filename", "a.txt", "content_type", "text/plain", "size_bytes", size))));
			assertThat(direct.isError()).isTrue();
			assertThat(text(direct))
				.contains("files[0].size_bytes is out of range: it must be from 1 to 26214400; got " + size);
		}
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
	}

	@Test
	void presignItemAttachmentsWhenSizeHasAFractionTooSmallForADoubleThenRefused() {
		// as the MCP mapper reads it, exactly: the schema refuses it first
		Map<String, Object> arguments = Map.of("item_id", ID, "files", List.of(Map.of("filename", "a.txt",
				"content_type", "text/plain", "size_bytes", new BigDecimal("1024.0000000000000000001"))));
		assertThat(error("presign_item_attachments", arguments))
			.contains("files[0].size_bytes: number found, integer expected");
		// and the tool itself, were the schema to let it through
		CallToolResult direct = this.catalog.tools()
			.stream()
			.filter((tool) -> tool.name().equals("presign_item_attachments"))
			.findFirst()
			.orElseThrow()
			.call()
			.apply(arguments);
		assertThat(direct.isError()).isTrue();
		assertThat(text(direct))
			.contains("files[0].size_bytes must be a whole number from 1 to 26214400; got 1024.0000000000000000001");
		deferno.verify(exactly(0), postRequestedFor(anyUrl()));
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
			assertThat(error("delete_item_attachment", Map.of("item_id", ID, "att_id", "a1"))).isEqualTo(
					"Deferno API error 404 [not_found]: " + missing + "; if an earlier delete_item_attachment of "
							+ "this att_id succeeded, there is nothing left to do (list_item_attachments shows the "
							+ "attachments left)");
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
	void deleteItemAttachmentWhenNewRouteThenPostDeleteWithTheActivityBodyDefernoRequires() {
		stub(post("/api/items/" + ID + "/attachments/a1/delete")
			.withHeader("Content-Type", containing("application/json"))
			.withRequestBody(equalToJson("{}"))
			.willReturn(noContent()));
		// it names what it deleted
		assertThat(ok("delete_item_attachment", Map.of("item_id", ID, "att_id", "a1")).toString())
			.isEqualTo("{\"deleted\":true,\"att_id\":\"a1\",\"item_id\":\"" + ID + "\"}");
		deferno.verify(exactly(0), deleteRequestedFor(anyUrl()));
	}

	@Test
	void deleteItemAttachmentWhenOldBackendThenDeleteFallback() {
		// the sandbox's answer for a path it does not route
		stub(post("/api/items/" + ID + "/attachments/a1/delete")
			.willReturn(failure(404, "not_found", "no such route")));
		stub(delete("/api/items/" + ID + "/attachments/a1").willReturn(noContent()));
		assertThat(ok("delete_item_attachment", Map.of("item_id", ID, "att_id", "a1")).toString())
			.isEqualTo("{\"deleted\":true,\"att_id\":\"a1\",\"item_id\":\"" + ID + "\"}");
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
			.contains("caption: must not be empty");
	}

	@Test
	void captionsAndCommentsWhenNoVisibleCharacterThenRefusedWithoutHttp() {
		assertThat(error("set_item_attachment_caption", Map.of("item_id", ID, "att_id", "a1", "caption", "   ")))
			.contains("caption must have at least one visible character");
		assertThat(error("post_item_comment", Map.of("item_id", ID, "body", "\u2060\u00a0")))
			.contains("body must have at least one visible character");
		assertThat(error("update_comment", Map.of("comment_id", "c1", "body", "\u0000")))
			.contains("body must not contain control characters");
		assertThat(error("presign_item_attachments",
				Map.of("item_id", ID, "files", List
					.of(Map.of("filename", "a\u0000.pdf", "content_type", "application/pdf", "size_bytes", 1)))))
			.contains("files[0].filename must not contain control characters");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void commentsWhenLineBreaksAndTabsThenKept() {
		stub(post("/api/items/" + ID + "/comments").willReturn(data(201, "{\"id\":\"c1\"}")));
		ok("post_item_comment", Map.of("item_id", ID, "body", "one\r\n\ttwo"));
		deferno.verify(postRequestedFor(urlEqualTo("/api/items/" + ID + "/comments"))
			.withRequestBody(equalToJson("{\"body\":\"one\\r\\n\\ttwo\",\"is_private\":false}")));
	}

	@Test
	void commentBodiesWhenOverDefernosLimitThenRefusedWithoutHttp() {
		String tooLong = "x".repeat(10_001);
		assertThat(error("post_item_comment", Map.of("item_id", ID, "body", tooLong)))
			.contains("body: must be at most 10,000 characters long");
		assertThat(error("update_comment", Map.of("comment_id", "c1", "body", tooLong))).contains("10,000");
		assertThat(
				error("patch_event_occurrence_comment", Map.of("event_id", ID, "date", "2026-05-18", "body", tooLong)))
			.contains("10,000");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void captionWhenWithinFiveHundredCharactersOutsideTheBasicPlaneThenTaken() {
		String emoji = "\uD83D\uDCCE".repeat(300);
		stub(patch(urlEqualTo("/api/items/" + ID + "/attachments/a1")).willReturn(data("{\"id\":\"a1\"}")));
		ok("set_item_attachment_caption", Map.of("item_id", ID, "att_id", "a1", "caption", emoji));
		assertThat(error("set_item_attachment_caption",
				Map.of("item_id", ID, "att_id", "a1", "caption", "\uD83D\uDCCE".repeat(501))))
			.contains("caption: must be at most 500 characters long");
	}

	@Test
	void rawIdsWhenDotSegmentsThenRefusedWithoutHttp() {
		for (String dots : List.of(".", "..")) {
			assertThat(error("update_comment", Map.of("comment_id", dots, "body", "x")))
				.contains("comment_id must be an id as Deferno gave it: not . or ..");
			assertThat(error("delete_comment", Map.of("comment_id", dots))).contains("not . or ..");
			assertThat(error("delete_item_attachment", Map.of("item_id", ID, "att_id", dots)))
				.contains("att_id must be an id as Deferno gave it: not . or ..");
			assertThat(error("set_item_attachment_caption", Map.of("item_id", ID, "att_id", dots, "caption", "x")))
				.contains("not . or ..");
		}
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	@Test
	void rawIdsWhenReservedCharactersThenPercentEncodedAsOneSegment() {
		stub(patch(urlEqualTo("/api/comments/a%3Fb%23c%25.%20d")).willReturn(data("{\"id\":\"a?b#c%. d\"}")));
		ok("update_comment", Map.of("comment_id", "a?b#c%. d", "body", "x"));
		deferno.verify(patchRequestedFor(urlEqualTo("/api/comments/a%3Fb%23c%25.%20d")));
	}

}
