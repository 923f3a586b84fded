package com.defernowork.gateway.sandbox.recurring;

import java.time.Clock;
import java.time.ZoneId;
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

/**
 * CRUD of Chores, Habits and Events under {@code /chores}, {@code /habits},
 * {@code /events}; DELETE archives.
 */
@RestController
final class RecurringController {

	private static final String KINDS = "/api/{kinds:chores|habits|events}";

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemTree tree;

	private final ItemViews views;

	private final Clock clock;

	RecurringController(SandboxStore store, ItemAccess access, ItemTree tree, ItemViews views, Clock clock) {
		this.store = store;
		this.access = access;
		this.tree = tree;
		this.views = views;
		this.clock = clock;
	}

	@GetMapping(KINDS)
	List<Map<String, Object>> list(Account account, @PathVariable String kinds) {
		Kind kind = kind(kinds);
		return this.store.locked(() -> this.store.visibleItems(account)
			.stream()
			.filter((item) -> item.kind == kind)
			.map((item) -> this.views.entity(item, account))
			.toList());
	}

	@PostMapping(KINDS)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Account account, @PathVariable String kinds,
			@RequestBody(required = false) Map<String, Object> json) {
		Kind kind = kind(kinds);
		Body body = Body.of(json);
		UUID parentId = body.uuid("parent_id");
		return this.store.locked(() -> {
			Org org = account.personalOrg();
			if (parentId != null) {
				org = this.access.item(account, parentId).org;
			}
			Item draft = new Item(UUID.randomUUID(), org, 0, kind, "draft", this.clock.instant(), account.id());
			ZoneId zone = this.store.savedZone(account.id());
			RecurringEditor.apply(draft, body, true, zone);
			Item item = this.tree.insert(org, kind, draft.title, account);
			RecurringEditor.apply(item, body, true, zone);
			if (parentId != null) {
				this.tree.move(account, item, parentId, null);
				item.actions.removeIf((action) -> "Moved".equals(action.get("kind")));
			}
			return this.views.entity(item, account);
		});
	}

	@GetMapping(KINDS + "/{id}")
	Map<String, Object> get(Account account, @PathVariable String kinds, @PathVariable UUID id) {
		Kind kind = kind(kinds);
		return this.store.locked(() -> this.views.entity(this.access.item(account, id, kind), account));
	}

	@PatchMapping(KINDS + "/{id}")
	Map<String, Object> patch(Account account, @PathVariable String kinds, @PathVariable UUID id,
			@RequestBody(required = false) Map<String, Object> json) {
		Kind kind = kind(kinds);
		Body body = Body.of(json);
		return this.store.locked(() -> {
			Item item = this.access.item(account, id, kind);
			RecurringEditor.apply(item, body, false, this.store.savedZone(account.id()));
			item.record("Edited", this.clock.instant());
			return this.views.entity(item, account);
		});
	}

	@DeleteMapping(KINDS + "/{id}")
	ResponseEntity<Void> archive(Account account, @PathVariable String kinds, @PathVariable UUID id) {
		Kind kind = kind(kinds);
		this.store.locked(() -> {
			Item item = this.access.item(account, id, kind);
			item.status = "archived";
			item.record("Archived", this.clock.instant());
		});
		return ResponseEntity.noContent().build();
	}

	static Kind kind(String plural) {
		Kind kind = Kind.parse(plural.substring(0, plural.length() - 1));
		if (kind == null) {
			throw ApiException.notFound("no such route");
		}
		return kind;
	}

}
