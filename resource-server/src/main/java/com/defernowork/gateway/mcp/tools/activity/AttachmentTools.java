package com.defernowork.gateway.mcp.tools.activity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.client.RepeatedDelete;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Attachments of items and Event occurrences: presign → upload → commit, list, delete,
 * caption.
 */
@Component
class AttachmentTools implements ToolProvider {

	static final long MAX_FILE_BYTES = 25L * 1024 * 1024;

	static final int MAX_CAPTION = 500;

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	AttachmentTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(presignItemAttachments(), commitItemAttachments(), listItemAttachments(), deleteItemAttachment(),
				setItemAttachmentCaption());
	}

	DefernoTool presignItemAttachments() {
		return this.factory.tool("activity", "presign_item_attachments")
			.title("Prepare attachment uploads")
			.description("Step 1 of attaching files to an item (any Ref form; date = one Event occurrence): files "
					+ "[{filename, content_type, size_bytes ≤ 25 MB}] → upload records {attachment_id, put_url, "
					+ "expires_at, headers, filename, content_type}, one per file. PUT each file to its put_url with exactly the record's headers and exactly "
					+ "size_bytes bytes (the storage refuses any other), then commit_item_attachments with the ids.")
			.scope(Scopes.TASKS_WRITE)
			.handler((args) -> {
				String ref = args.requiredString("item_id");
				List<ToolArguments> files = args.optionalElements("files");
				if (files == null || files.isEmpty()) {
					throw new ToolArgumentException("files is required: [{filename, content_type, size_bytes}]");
				}
				List<Map<String, Object>> checked = files.stream().map(AttachmentTools::checkFile).toList();
				ActivityTarget target = ActivityTarget.of(this.refs, "item_id", ref, args.optionalDate("date"));
				return withFilenames(this.client.post(target.basePath() + "/attachments/presign",
						Payload.create().put("files", checked).map()), checked);
			});
	}

	/**
	 * One file as Deferno takes it; its size an integer (1024.0 is 1024: Deferno's int64
	 * refuses a JSON number with a fraction part).
	 */
	private static Map<String, Object> checkFile(ToolArguments file) {
		if (!file.has("filename") || !file.has("content_type") || !(file.raw("size_bytes") instanceof Number)) {
			throw new ToolArgumentException("each file must be {filename, content_type, size_bytes}");
		}
		String name = file.requiredLine("filename");
		String type = file.requiredLine("content_type");
		// 25 MB at most, Deferno's limit
		long bytes = file.optionalLong("size_bytes", 1, MAX_FILE_BYTES);
		return Payload.create().put("filename", name).put("content_type", type).put("size_bytes", bytes).map();
	}

	/**
	 * Deferno's upload records, each with the file it is for: Deferno answers them in the
	 * order of the files, naming none.
	 */
	private static JsonNode withFilenames(JsonNode answer, List<Map<String, Object>> files) {
		JsonNode records = (answer != null && answer.isArray()) ? answer
				: (answer != null) ? answer.path("attachments") : null;
		if (records == null || !records.isArray() || records.size() != files.size()) {
			return answer;
		}
		for (int i = 0; i < files.size(); i++) {
			if (records.get(i) instanceof ObjectNode record) {
				record.put("filename", (String) files.get(i).get("filename"));
				record.put("content_type", (String) files.get(i).get("content_type"));
			}
		}
		return answer;
	}

	DefernoTool commitItemAttachments() {
		return this.factory.tool("activity", "commit_item_attachments")
			.title("Commit attachments")
			.description("Step 2: attach uploaded files (intents = attachment_ids from presign) and/or links (urls = "
					+ "[{url, filename?}]) to an item (any Ref form; date = one Event occurrence). At least one of "
					+ "the two. Returns the item's attachments.")
			.scope(Scopes.TASKS_WRITE)
			.handler((args) -> {
				String ref = args.requiredString("item_id");
				List<String> intents = args.optionalDistinctStrings("intents", ToolArguments.MAX_ENTRIES);
				List<ToolArguments> links = args.optionalElements("urls");
				boolean noIntents = intents == null || intents.isEmpty();
				boolean noUrls = links == null || links.isEmpty();
				if (noIntents && noUrls) {
					throw new ToolArgumentException("pass intents (attachment ids from presign_item_attachments) "
							+ "and/or urls [{url, filename?}]");
				}
				if (!noUrls) {
					Map<String, String> given = new HashMap<>();
					for (ToolArguments url : links) {
						if (!(url.raw("url") instanceof String link) || !link.matches("(?i)https?://\\S+")) {
							throw new ToolArgumentException(
									url.nameOf("url") + " must be an http(s) URL: each urls entry is {url, filename?}");
						}
						// Deferno would attach the link twice
						String earlier = given.putIfAbsent(link, url.nameOf("url"));
						if (earlier != null) {
							throw new ToolArgumentException(
									url.nameOf("url") + " repeats " + earlier + ": give each link once");
						}
						url.lineIfSent("filename");
					}
				}
				ActivityTarget target = ActivityTarget.of(this.refs, "item_id", ref, args.optionalDate("date"));
				try {
					return this.client.post(target.basePath() + "/attachments",
							Payload.create()
								.putIfNotNull("intents", noIntents ? null : intents)
								.putIfNotNull("urls", noUrls ? null : args.raw("urls"))
								.map());
				}
				catch (DefernoApiException ex) {
					boolean unknownIntent = ex.status() == 400 && ex.detail() != null
							&& ex.detail().contains("unknown attachment intent");
					throw unknownIntent ? intentsExplained(ex, target, intents) : ex;
				}
			});
	}

	/**
	 * Deferno refuses an intent committed already, a retry's, in the words it uses for
	 * one presigned for another item: the item's attachments (one read, on this refusal
	 * only) tell them apart.
	 */
	private DefernoApiException intentsExplained(DefernoApiException ex, ActivityTarget target, List<String> intents) {
		String rule = "; an intent is committed once, to the item (and date) it was presigned for, before it expires";
		List<String> attached;
		try {
			List<String> listed = new ArrayList<>();
			this.client.get(target.basePath() + "/attachments")
				.forEach((attachment) -> listed.add(attachment.path("id").asString("")));
			attached = intents.stream().filter(listed::contains).toList();
		}
		catch (DefernoApiException unread) {
			return ex.adding(rule + ": list_item_attachments shows what the item has");
		}
		if (!attached.isEmpty()) {
			return ex.adding(rule + ", and " + String.join(", ", attached) + ((attached.size() == 1) ? " is" : " are")
					+ " already attached to this item (list_item_attachments lists "
					+ ((attached.size() == 1) ? "it" : "them") + "), by an earlier call: nothing of this call was "
					+ "committed; call again without " + ((attached.size() == 1) ? "it" : "them") + " for the rest");
		}
		return ex.adding(rule + ": it is not among this item's attachments (list_item_attachments), so it was "
				+ "presigned for another item or date, or has expired: presign the file again for this one");
	}

	DefernoTool listItemAttachments() {
		return this.factory.tool("activity", "list_item_attachments")
			.title("List attachments")
			.description("An item's attachments (any Ref form; date = one Event occurrence), with fresh download URLs.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				String ref = args.requiredString("item_id");
				ActivityTarget target = ActivityTarget.of(this.refs, "item_id", ref, args.optionalDate("date"));
				return this.client.get(target.basePath() + "/attachments");
			});
	}

	DefernoTool deleteItemAttachment() {
		return this.factory.tool("activity", "delete_item_attachment")
			.title("Delete an attachment")
			.description("Remove an attachment (raw att_id, from list_item_attachments) from an item (any Ref "
					+ "form; date = one Event occurrence). Returns {deleted, att_id, item_id, date?}.")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				String ref = args.requiredString("item_id");
				String attachment = RawId.of(args, "att_id", "list_item_attachments");
				String date = args.optionalDate("date");
				ActivityTarget target = ActivityTarget.of(this.refs, "item_id", ref, date);
				String path = target.basePath() + "/attachments/" + encode(attachment);
				try {
					ActivityTarget.delete(this.client, path);
				}
				catch (DefernoApiException ex) {
					throw RepeatedDelete.explained(ex, "delete_item_attachment of this att_id",
							"list_item_attachments shows the attachments left");
				}
				return Payload.create()
					.put("deleted", true)
					.put("att_id", attachment)
					.put("item_id", ref)
					.putIfNotNull("date", date)
					.map();
			});
	}

	DefernoTool setItemAttachmentCaption() {
		return this.factory.tool("activity", "set_item_attachment_caption")
			.title("Caption an attachment")
			.description("Set an attachment's caption (raw att_id; up to 500 characters; null or omitted clears it) on "
					+ "an item (any Ref form; date = one Event occurrence).")
			.scope(Scopes.TASKS_WRITE)
			// replaces the caption, and null clears it
			.destructive()
			.idempotent()
			.handler((args) -> {
				String ref = args.requiredString("item_id");
				String attachment = RawId.of(args, "att_id", "list_item_attachments");
				String caption = args.optionalText("caption");
				if (caption == null && args.optionalString("caption") != null) {
					// Deferno refuses an empty caption rather than reading it as none
					throw new ToolArgumentException(
							"caption must have at least one visible character; send null to clear it");
				}
				// counted as JSON Schema's maxLength counts: characters, not UTF-16 units
				if (caption != null && caption.codePointCount(0, caption.length()) > MAX_CAPTION) {
					throw new ToolArgumentException("caption must be at most " + MAX_CAPTION + " characters");
				}
				ActivityTarget target = ActivityTarget.of(this.refs, "item_id", ref, args.optionalDate("date"));
				return this.client.call(DefernoCall.patch(target.basePath() + "/attachments/" + encode(attachment),
						Payload.create().put("caption", caption).map()));
			});
	}

}
