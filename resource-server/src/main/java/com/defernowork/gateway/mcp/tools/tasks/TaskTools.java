package com.defernowork.gateway.mcp.tools.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.refs.RefParser;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.Ref;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.mcp.tools.items.ItemChanges;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/** Task-only operations: atomic batches and promotion to another org. */
@Component
class TaskTools implements ToolProvider {

	/**
	 * Deferno's own limit, checked here before the operations' refs cost a lookup each.
	 */
	static final int MAX_OPERATIONS = 100;

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
					+ "task_id, and any of " + String.join(", ", ItemChanges.BATCH_FIELDS)
					+ " as update_item takes them} | {op: \"move\", task_id, new_parent_id (null = top level), "
					+ "position?}]. A field an operation does not take is refused. task_id, new_parent_id and "
					+ "blocked_by items take any Ref form. A recurring task needs update_item with recurring_scope. At most "
					+ MAX_OPERATIONS + " operations, naming at most " + ItemChanges.MAX_BLOCKERS
					+ " blocked_by entries in all.")
			.scope(Scopes.TASKS_WRITE)
			// its updates replace and clear values as update_item's do
			.destructive()
			.handler((args) -> {
				List<ToolArguments> operations = args.optionalElements("operations", MAX_OPERATIONS);
				if (operations == null || operations.isEmpty()) {
					throw new ToolArgumentException(
							"operations is required: a non-empty array of update/move operations");
				}
				List<BatchOperation> checked = new ArrayList<>();
				for (ToolArguments operation : operations) {
					checked.add(BatchOperation.read(operation, this.refs));
				}
				// each a lookup unless a UUID: a hundred updates of a hundred each were
				// ten
				// thousand calls to Deferno in one tool call
				int blockers = checked.stream().mapToInt(BatchOperation::blockerCount).sum();
				if (blockers > ItemChanges.MAX_BLOCKERS) {
					throw new ToolArgumentException(
							"operations name " + blockers + " blocked_by entries in all; a batch " + "takes at most "
									+ ItemChanges.MAX_BLOCKERS + ": split it. Nothing was changed");
				}
				// a few at once, each ref looked up once however many operations name it;
				// what is refused is the first operation in their order that fails
				RefResolver once = this.refs.remembering();
				List<Map<String, Object>> wire = new ArrayList<>();
				this.client.fewAtOnce(checked, (operation) -> operation.wire(once, this.client), (resolved, i) -> {
					refuseRepeat(wire, resolved, i);
					wire.add(resolved);
				});
				return this.client.post("/tasks/batch", Payload.create().put("operations", wire).map());
			});
	}

	/**
	 * A second update (or move) of one task, perhaps named by another ref: Deferno would
	 * apply both, the later silently undoing what the earlier changed.
	 */
	private static void refuseRepeat(List<Map<String, Object>> earlier, Map<String, Object> operation, int index) {
		for (int j = 0; j < earlier.size(); j++) {
			Map<String, Object> other = earlier.get(j);
			if (other.get("op").equals(operation.get("op")) && other.get("task_id").equals(operation.get("task_id"))) {
				throw new ToolArgumentException(
						"operations[" + index + "] " + operation.get("op") + "s the same task as operations[" + j
								+ "]: put its changes in one " + operation.get("op") + ". Nothing was changed");
			}
		}
	}

	DefernoTool promoteTask() {
		return this.factory.tool("tasks", "promote_task")
			.title("Promote a task to an org")
			.description("Move a personal task (any Ref form) into another organisation, target_org_id (its UUID). "
					+ "It leaves its parent task, if it has one, and takes its subtasks along. Its old ref, and its "
					+ "subtasks' refs, stop resolving: the answer carries its new one (ref) when Deferno tells it.")
			.scope(Scopes.TASKS_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				String ref = args.requiredString("task_id");
				String target = args.requiredString("target_org_id");
				if (!(RefParser.parse(target) instanceof Ref.Uuid org)) {
					// no tool lists organisations: Deferno's API has no such read
					throw new ToolArgumentException("target_org_id must be the organisation's UUID, not its name or "
							+ "slug; no tool lists organisations, so ask the user for it (Deferno shows it in the "
							+ "organisation's settings)");
				}
				String id = TaskRef.id(this.refs, "task_id", ref, "promote_task moves Tasks only");
				JsonNode data = this.client.post("/tasks/" + encode(id) + "/promote",
						Payload.create().put("target_org_id", org.uuid()).map());
				if (data != null && !data.isNull()) {
					return data;
				}
				return Payload.create()
					.put("promoted", true)
					.put("task_id", id)
					.put("target_org_id", org.uuid())
					.putIfNotNull("ref", newRef(id))
					.map();
			});
	}

	/**
	 * The promoted task's ref in its new org (its sequence there is new); null when it
	 * cannot be read: the promotion itself succeeded.
	 */
	private String newRef(String id) {
		try {
			JsonNode item = this.client.get("/items/" + encode(id));
			return (item != null && item.path("ref").isString()) ? item.path("ref").stringValue() : null;
		}
		catch (DefernoApiException ex) {
			return null;
		}
	}

}
