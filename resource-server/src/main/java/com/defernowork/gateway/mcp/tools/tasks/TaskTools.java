package com.defernowork.gateway.mcp.tools.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.refs.RefParser;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.Ref;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/** Task-only operations: atomic batches and promotion to another org. */
@Component
class TaskTools implements ToolProvider {

	static final List<String> OPS = List.of("update", "move");

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	TaskTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(batchTasks(), promoteTask());
	}

	DefernoTool batchTasks() {
		return this.factory.tool("tasks", "batch_tasks")
			.title("Batch task changes")
			.description("Apply several task changes atomically (all or nothing). operations: [{op: \"update\", "
					+ "task_id, <task fields such as title, status, labels, complete_by>} | {op: \"move\", task_id, "
					+ "new_parent_id (null = top level), position?}]. task_id and new_parent_id take any Ref form.")
			.scope(Scopes.TASKS_WRITE)
			.handler((args) -> {
				List<Map<String, Object>> operations = args.optionalObjectList("operations");
				if (operations == null || operations.isEmpty()) {
					throw new ToolArgumentException(
							"operations is required: a non-empty array of update/move operations");
				}
				for (int i = 0; i < operations.size(); i++) {
					check(i, operations.get(i));
				}
				List<Map<String, Object>> wire = new ArrayList<>();
				for (Map<String, Object> operation : operations) {
					Map<String, Object> resolved = new LinkedHashMap<>(operation);
					resolved.put("task_id", this.refs.resolve("task_id", (String) operation.get("task_id")));
					if (operation.get("new_parent_id") instanceof String parent) {
						resolved.put("new_parent_id", this.refs.resolve("new_parent_id", parent));
					}
					wire.add(resolved);
				}
				return this.client.post("/tasks/batch", Payload.create().put("operations", wire).map());
			});
	}

	/**
	 * Every operation's shape and every ref's form, before anything is resolved or
	 * written.
	 */
	private void check(int index, Map<String, Object> operation) {
		String where = "operations[" + index + "]";
		if (!(operation.get("op") instanceof String op) || !OPS.contains(op)) {
			throw new ToolArgumentException(where + ".op must be \"update\" or \"move\"");
		}
		if (!(operation.get("task_id") instanceof String taskId) || taskId.isBlank()) {
			throw new ToolArgumentException(where + ".task_id is required");
		}
		this.refs.parse(where + ".task_id", taskId);
		Object parent = operation.get("new_parent_id");
		if (parent != null && !(parent instanceof String)) {
			throw new ToolArgumentException(where + ".new_parent_id must be a ref or null");
		}
		if (parent != null) {
			this.refs.parse(where + ".new_parent_id", (String) parent);
		}
		if (op.equals("move") && !operation.containsKey("new_parent_id")) {
			throw new ToolArgumentException(where + ": a move needs new_parent_id (null = top level)");
		}
		if (op.equals("update") && operation.keySet().stream().allMatch((k) -> k.equals("op") || k.equals("task_id"))) {
			throw new ToolArgumentException(where + ": an update needs at least one field to change");
		}
		Object position = operation.get("position");
		if (position != null && !(position instanceof Integer p && p >= 0)) {
			throw new ToolArgumentException(where + ".position must be an integer ≥ 0");
		}
	}

	DefernoTool promoteTask() {
		return this.factory.tool("tasks", "promote_task")
			.title("Promote a task to an org")
			.description("Move a personal task (any Ref form) into another organisation, target_org_id (its UUID).")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				String ref = args.requiredString("task_id");
				String target = args.requiredString("target_org_id");
				if (!(RefParser.parse(target) instanceof Ref.Uuid org)) {
					throw new ToolArgumentException("target_org_id must be an organisation UUID");
				}
				String id = this.refs.resolve("task_id", ref);
				JsonNode data = this.client.post("/tasks/" + encode(id) + "/promote",
						Payload.create().put("target_org_id", org.uuid()).map());
				if (data != null && !data.isNull()) {
					return data;
				}
				return Payload.create().put("promoted", true).put("task_id", id).put("target_org_id", org.uuid()).map();
			});
	}

}
