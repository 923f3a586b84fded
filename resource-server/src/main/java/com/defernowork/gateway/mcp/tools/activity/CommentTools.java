package com.defernowork.gateway.mcp.tools.activity;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.client.RepeatedDelete;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Comments on items and Event occurrences. Deletes use Deferno's newer
 * {@code POST …/delete} and fall back to the older {@code DELETE} only when the backend
 * does not have the route (a 404 about the comment itself is reported as it is).
 */
@Component
class CommentTools implements ToolProvider {

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	CommentTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(postItemComment(), listItemComments(), updateComment(), deleteComment(),
				patchEventOccurrenceComment(), deleteEventOccurrenceComment());
	}

	private static final String EVENT_WITHOUT_DATE = "an Event's comments are on its occurrences: pass date "
			+ "(YYYY-MM-DD) to comment on one";

	DefernoTool postItemComment() {
		return this.factory.tool("activity", "post_item_comment")
			.title("Comment on an item")
			.description("Add a comment (body; is_private = visible only to the author) to a Task, Chore or Habit by "
					+ "any Ref form; an Event's comments are on its occurrences: pass date (YYYY-MM-DD) to comment on "
					+ "one.")
			.scope(Scopes.TASKS_WRITE)
			.handler((args) -> {
				String ref = args.requiredString("item_id");
				String body = args.requiredText("body");
				boolean isPrivate = args.bool("is_private", false);
				String date = args.optionalDate("date");
				ActivityTarget target = (date != null) ? ActivityTarget.of(this.refs, "item_id", ref, date)
						: notAnEvent(this.refs.resolveWithKindIfFree("item_id", ref));
				try {
					return this.client.post(target.basePath() + (target.occurrence() ? "/comment" : "/comments"),
							Payload.create().put("body", body).put("is_private", isPrivate).map());
				}
				catch (DefernoApiException ex) {
					// a UUID comes without its kind: Deferno's refusal names an Event,
					// not date
					throw (!target.occurrence() && ex.status() == 400 && ex.enveloped())
							? ex.adding(" (if item_id is an Event: " + EVENT_WITHOUT_DATE + ")") : ex;
				}
			});
	}

	/** The item itself, refused when it is known to be an Event. */
	private static ActivityTarget notAnEvent(ResolvedRef item) {
		if ("event".equals(item.kind())) {
			throw new ToolArgumentException("item_id is an Event: " + EVENT_WITHOUT_DATE);
		}
		return ActivityTarget.item(item.id());
	}

	DefernoTool listItemComments() {
		return this.factory.tool("activity", "list_item_comments")
			.title("List comments")
			.description("An item's comments (any Ref form); for recurring kinds every occurrence's comments, tagged "
					+ "with the occurrence date.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> this.client
				.get("/items/" + encode(this.refs.resolve("item_id", args.requiredString("item_id"))) + "/comments"));
	}

	DefernoTool updateComment() {
		return this.factory.tool("activity", "update_comment")
			.title("Edit a comment")
			.description("Edit any comment by its raw comment_id (list_item_comments gives it), an item's or an "
					+ "occurrence's: body and/or is_private (omitted = unchanged).")
			.scope(Scopes.TASKS_WRITE)
			// the old body is replaced and not kept
			.destructive()
			.idempotent()
			.handler((args) -> {
				String id = RawId.of(args, "comment_id", "list_item_comments");
				Payload body = commentChanges(args);
				return this.client.call(DefernoCall.patch("/comments/" + encode(id), body.map()));
			});
	}

	DefernoTool deleteComment() {
		return this.factory.tool("activity", "delete_comment")
			.title("Delete a comment")
			.description("Delete any comment by its raw comment_id (list_item_comments gives it), an item's or an "
					+ "occurrence's.")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				String id = RawId.of(args, "comment_id", "list_item_comments");
				String path = "/comments/" + encode(id);
				try {
					ActivityTarget.delete(this.client, path);
				}
				catch (DefernoApiException ex) {
					throw RepeatedDelete.explained(ex, "delete_comment of this comment_id",
							"list_item_comments shows the comments left");
				}
				return Payload.create().put("deleted", true).put("comment_id", id).map();
			});
	}

	DefernoTool patchEventOccurrenceComment() {
		return this.factory.tool("activity", "patch_event_occurrence_comment")
			.title("Edit an Event occurrence comment")
			.description(
					"Edit the first (oldest) comment on one Event occurrence (event_id any Ref form, date YYYY-MM-DD): "
							+ "body and/or is_private.")
			.scope(Scopes.TASKS_WRITE)
			// the old body is replaced and not kept
			.destructive()
			.idempotent()
			.handler((args) -> {
				String ref = args.requiredString("event_id");
				String date = args.requiredDate("date");
				Payload body = Payload.create()
					.putIfNotNull("body", args.textIfSent("body"))
					.putIfNotNull("is_private", args.optionalBool("is_private"));
				if (body.isEmpty()) {
					throw new ToolArgumentException("nothing to change: pass body and/or is_private");
				}
				ActivityTarget target = ActivityTarget.eventOccurrence(this.refs, "event_id", ref, date);
				return this.client.call(DefernoCall.patch(target.basePath() + "/comment", body.map()));
			});
	}

	DefernoTool deleteEventOccurrenceComment() {
		return this.factory.tool("activity", "delete_event_occurrence_comment")
			.title("Delete an Event occurrence comment")
			.description("Delete the first (oldest) of your comments on one Event occurrence (event_id any Ref form, "
					+ "date YYYY-MM-DD); the answer names the comment deleted. Each call deletes one more, so do not "
					+ "repeat it to retry: read list_item_comments instead. To delete one particular comment, use "
					+ "delete_comment with its id.")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.handler((args) -> {
				String ref = args.requiredString("event_id");
				String date = args.requiredDate("date");
				ActivityTarget target = ActivityTarget.eventOccurrence(this.refs, "event_id", ref, date);
				// Deferno's answer names nothing: the comments before and after it
				// tell which went
				List<JsonNode> before = occurrenceComments(target, date);
				String path = target.basePath() + "/comment";
				ActivityTarget.delete(this.client, path);
				List<String> left;
				try {
					left = occurrenceComments(target, date).stream().map(CommentTools::idOf).toList();
				}
				catch (DefernoApiException ex) {
					// deleted all the same: an error here would have the agent
					// delete another
					return Payload.create()
						.put("ok", true)
						.put("note",
								"A comment was deleted, but which one could not be read back (" + ex.getMessage()
										+ "): list_item_comments shows what is left; do not call this again to retry")
						.map();
				}
				Payload answer = Payload.create().put("ok", true);
				before.stream()
					.filter((comment) -> !left.contains(idOf(comment)))
					.findFirst()
					.ifPresent((deleted) -> answer.put("deleted",
							Payload.create()
								.put("id", idOf(deleted))
								.put("body", deleted.path("body").asString(""))
								.put("created_at", deleted.path("created_at").asString(""))
								.map()));
				return answer.put("comments_left", left.size()).map();
			});
	}

	private List<JsonNode> occurrenceComments(ActivityTarget target, String date) {
		List<JsonNode> comments = new ArrayList<>();
		for (JsonNode occurrence : this.client.get(target.occurrenceView())) {
			if (date.equals(occurrence.path("scheduled_date").asString(""))) {
				occurrence.path("comment").forEach(comments::add);
			}
		}
		return comments;
	}

	private static String idOf(JsonNode comment) {
		return comment.path("id").asString("");
	}

	private static Payload commentChanges(ToolArguments args) {
		Payload body = Payload.create();
		if (args.has("body")) {
			body.put("body", args.requiredText("body"));
		}
		if (args.has("is_private")) {
			body.put("is_private", args.optionalBool("is_private"));
		}
		if (body.isEmpty()) {
			throw new ToolArgumentException("nothing to change: pass body and/or is_private");
		}
		return body;
	}

}
