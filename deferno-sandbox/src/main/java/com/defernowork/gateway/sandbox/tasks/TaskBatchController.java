package com.defernowork.gateway.sandbox.tasks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.api.Envelope;
import com.defernowork.gateway.sandbox.SandboxProperties;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.items.ItemTree;
import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Org;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** All-or-nothing task batches, and promoting a personal task into a shared org. */
@RestController
final class TaskBatchController {

	static final int MAX_OPERATIONS = 100;

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final ItemViews views;

	private final TaskEditor editor;

	private final SandboxProperties properties;

	private final Clock clock;

	TaskBatchController(SandboxStore store, ItemAccess access, ItemTree tree, ItemViews views, TaskEditor editor,
			SandboxProperties properties, Clock clock) {
		this.clock = clock;
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.editor = editor;
		this.properties = properties;
	}

	@PostMapping("/api/tasks/batch")
	Map<String, Object> batch(Account account, @RequestBody(required = false) Map<String, Object> json) {
		List<Map<String, Object>> operations = Body.of(json).objects("operations");
		if (operations == null || operations.isEmpty()) {
			throw ApiException.validation("operations must be a non-empty array");
		}
		if (operations.size() > MAX_OPERATIONS) {
			throw ApiException.validation("a batch holds at most " + MAX_OPERATIONS + " operations");
		}
		return this.store.locked(() -> {
			Map<UUID, Item> snapshot = new LinkedHashMap<>();
			this.store.items.forEach((id, item) -> snapshot.put(id, item.copy()));
			try {
				List<UUID> touched = new ArrayList<>();
				for (int i = 0; i < operations.size(); i++) {
					touched.add(apply(account, i, Body.of(operations.get(i))));
				}
				List<Map<String, Object>> tasks = touched.stream()
					.distinct()
					.map((id) -> this.views.row(this.store.items.get(id)))
					.toList();
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("tasks", tasks);
				return result;
			}
			catch (ApiException ex) {
				this.store.items.clear();
				this.store.items.putAll(snapshot);
				// all or nothing: no operation of a failed batch stays applied
				throw ex;
			}
		});
	}

	@PostMapping("/api/tasks/{id}/promote")
	Envelope promote(Account account, @PathVariable UUID id, @RequestBody(required = false) Map<String, Object> json) {
		UUID targetId = Body.of(json).uuid("target_org_id");
		if (targetId == null) {
			throw ApiException.badRequest("missing required field 'target_org_id'");
		}
		this.store.locked(() -> {
			Item task = this.access.item(account, id, Kind.TASK);
			if (!task.org.id.equals(account.personalOrg().id)) {
				throw ApiException.validation("only a task in your personal org can be promoted");
			}
			Org target = this.store.orgs.get(targetId);
			if (target == null || !account.memberOf(targetId)) {
				throw ApiException.notFound("org not found");
			}
			if (target.personal) {
				throw ApiException.validation("promote targets a shared org, not a personal one");
			}
			this.tree.move(account, task, null, null);
			List<Item> moving = new ArrayList<>(List.of(task));
			moving.addAll(this.tree.descendants(task));
			for (Item item : moving) {
				item.org = target;
				item.sequence = target.nextSequence();
			}
			task.record("Promoted", this.clock.instant());
		});
		// the backend answers 200 with data null here, not 201 or 204
		return Envelope.ok(this.properties.apiVersion(), null);
	}

	private UUID apply(Account account, int index, Body op) {
		try {
			String kind = op.string("op");
			UUID taskId = op.uuid("task_id");
			if (taskId == null) {
				throw ApiException.badRequest("missing required field 'task_id'");
			}
			Item task = this.access.item(account, taskId, Kind.TASK);
			if ("update".equals(kind)) {
				Map<String, Object> fields = new LinkedHashMap<>();
				for (String key : List.of("title", "description", "status", "labels", "assignee", "complete_by",
						"productive", "desire", "mood_start", "mood_finish", "pinned", "blocked_by",
						"deadline_time_of_day", "recurrence", "recurring_type")) {
					if (op.has(key)) {
						fields.put(key, op.raw(key));
					}
				}
				this.editor.apply(account, task, Body.of(fields));
			}
			else if ("move".equals(kind)) {
				if (!op.has("new_parent_id")) {
					throw ApiException.badRequest("missing required field 'new_parent_id' (null moves to the root)");
				}
				this.tree.move(account, task, op.uuid("new_parent_id"), op.integer("position"));
			}
			else {
				throw ApiException.badRequest("op must be 'update' or 'move', got '" + kind + "'");
			}
			return taskId;
		}
		catch (ApiException ex) {
			throw new ApiException(ex.status(), ex.code(), "operations[" + index + "]: " + ex.getMessage());
		}
	}

}
