package com.defernowork.gateway.mcp.tools.capture;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.mcp.deferno.projection.ItemWords;
import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

/** Creating any item by how it behaves. */
@Component
class CaptureTools implements ToolProvider {

	private static final Map<String, Object> CREATED_UNSEEN = Map.of("ok", true, "note",
			"Deferno created the item but sent none of it back, so its ref is not known: find it with search_items "
					+ "(by its title) before changing it, and do not capture it again");

	private final ToolFactory factory;

	private final DefernoClient client;

	CaptureTools(ToolFactory factory, DefernoClient client) {
		this.factory = factory;
		this.client = client;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(captureItem());
	}

	@Override
	public List<DefernoPrompt> prompts() {
		return List.of(CaptureNotesPrompt.prompt());
	}

	DefernoTool captureItem() {
		return this.factory.tool("capture", "capture_item")
			.title("Capture an item")
			.description("Create a Task, Chore, Habit or Event by answering how it behaves: attend=true → Event "
					+ "(requires complete_by = its day; with repeats=true also recurrence, with repeats=false none); "
					+ "otherwise repeats=false → Task; repeats=true with obligation \"need\" → "
					+ "Chore, \"want\" → Habit (both require recurrence and complete_by). time_of_day (HH:MM) is the "
					+ "Event's start time or the others' deadline time; it never decides the kind. An Event starts at "
					+ "complete_by: time_of_day, if given, must be complete_by's clock in the user's time zone (else "
					+ "refused); without it complete_by's clock there is the start time, or at midnight the Event is "
					+ "all-day (a note says which). Returns the created item. For a subtask capture then move_item; "
					+ "for scores capture then update_item.")
			.scope(Scopes.TASKS_WRITE)
			.handler((args) -> {
				CapturePayload capture = CapturePayload.derive(args);
				if (capture.kind().equals("event")) {
					capture = capture.withEventStart(SavedTimeZone.of(this.client));
				}
				JsonNode created = ItemWords.of(this.client.post(capture.path(), capture.payload()));
				// Deferno answers a create with the item; an agent told only "ok" could
				// not name it next
				if (created == null || created.isNull()) {
					return CREATED_UNSEEN;
				}
				if (capture.note() != null && created instanceof ObjectNode answer) {
					answer.put("note", capture.note());
				}
				return created;
			});
	}

}
