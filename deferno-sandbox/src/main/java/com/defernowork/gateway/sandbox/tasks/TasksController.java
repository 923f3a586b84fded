package com.defernowork.gateway.sandbox.tasks;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.items.ItemAccess;
import com.defernowork.gateway.sandbox.items.ItemTree;
import com.defernowork.gateway.sandbox.items.ItemViews;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Org;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Task CRUD: list, create, read (with {@code series_id}), patch and hard delete. */
@RestController
final class TasksController {

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final ItemViews views;

	private final TaskEditor editor;

	TasksController(SandboxStore store, ItemAccess access, ItemTree tree, ItemViews views, TaskEditor editor) {
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.editor = editor;
	}

	@GetMapping("/api/tasks")
	List<Map<String, Object>> list(Account account) {
		return this.store.locked(() -> this.store.visibleItems(account)
			.stream()
			.filter((item) -> item.kind == Kind.TASK)
			.map(this.views::row)
			.toList());
	}

	@PostMapping("/api/tasks")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Account account, @RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		TaskEditor.rejectUndeserializable(body);
		String title = body.string("title");
		if (title == null || title.isBlank()) {
			throw ApiException.validation("title must be non-empty");
		}
		UUID parentId = body.uuid("parent_id");
		return this.store.locked(() -> {
			Org org = account.personalOrg();
			if (parentId != null) {
				Item parent = this.store.items.get(parentId);
				if (parent == null || !account.memberOf(parent.org.id)) {
					throw ApiException.notFound("parent item not found");
				}
				org = parent.org;
			}
			Item draft = new Item(UUID.randomUUID(), org, 0, Kind.TASK, title.trim(), null, account.id());
			this.editor.apply(account, draft, body);
			Item task = this.tree.insert(org, Kind.TASK, title.trim(), account);
			this.editor.apply(account, task, body);
			task.actions.removeIf((action) -> "Edited".equals(action.get("kind")));
			if (parentId != null) {
				this.tree.move(account, task, parentId, null);
				task.actions.removeIf((action) -> "Moved".equals(action.get("kind")));
			}
			return this.views.entity(task, account);
		});
	}

	@GetMapping("/api/tasks/{id}")
	Map<String, Object> get(Account account, @PathVariable UUID id) {
		return this.store.locked(() -> this.views.entity(this.access.item(account, id, Kind.TASK), account));
	}

	@PatchMapping("/api/tasks/{id}")
	Map<String, Object> patch(Account account, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		return this.store.locked(() -> {
			Item task = this.access.item(account, id, Kind.TASK);
			this.editor.apply(account, task, body);
			return this.views.entity(task, account);
		});
	}

	@DeleteMapping("/api/tasks/{id}")
	ResponseEntity<Void> delete(Account account, @PathVariable UUID id) {
		this.store.locked(() -> this.tree.delete(this.access.item(account, id, Kind.TASK)));
		return ResponseEntity.noContent().build();
	}

}
