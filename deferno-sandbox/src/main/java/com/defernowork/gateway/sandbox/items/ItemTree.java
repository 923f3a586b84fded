package com.defernowork.gateway.sandbox.items;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Org;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/**
 * Parent/child structure of items: inserting, moving (with cycle checks), removing whole
 * subtrees.
 */
@Component
public final class ItemTree {

	private final SandboxStore store;

	private final Clock clock;

	ItemTree(SandboxStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/** Creates an item in the org with the org's next sequence number. */
	public Item insert(Org org, Kind kind, String title, Account creator) {
		Item item = new Item(UUID.randomUUID(), org, org.nextSequence(), kind, title, this.clock.instant(),
				creator.id());
		item.record("Created", this.clock.instant());
		this.store.items.put(item.id, item);
		return item;
	}

	/**
	 * Checks that {@code item} may go under {@code parentId} (null = root) without
	 * changing anything.
	 */
	public Item checkMove(Account account, Item item, UUID parentId, Integer position) {
		if (position != null && position < 0) {
			throw ApiException.validation("position must be >= 0");
		}
		if (parentId == null) {
			return null;
		}
		Item parent = this.store.items.get(parentId);
		if (parent == null || !account.memberOf(parent.org.id)) {
			throw ApiException.notFound("parent item not found");
		}
		if (parent.id.equals(item.id) || descendants(item).contains(parent)) {
			throw ApiException.validation("cannot move task under its descendant");
		}
		if (!parent.org.id.equals(item.org.id)) {
			throw ApiException.validation("cannot move an item under a parent in another org");
		}
		return parent;
	}

	public void move(Account account, Item item, UUID parentId, Integer position) {
		Item parent = checkMove(account, item, parentId, position);
		detach(item);
		item.parentId = (parent != null) ? parent.id : null;
		if (parent != null) {
			int at = (position != null) ? Math.min(position, parent.childIds.size()) : parent.childIds.size();
			parent.childIds.add(at, item.id);
		}
		item.record("Moved", this.clock.instant());
	}

	public List<Item> descendants(Item item) {
		List<Item> result = new ArrayList<>();
		for (UUID childId : item.childIds) {
			Item child = this.store.items.get(childId);
			if (child != null) {
				result.add(child);
				result.addAll(descendants(child));
			}
		}
		return result;
	}

	public List<Item> children(Item item) {
		return item.childIds.stream().map(this.store.items::get).filter(java.util.Objects::nonNull).toList();
	}

	/** Deletes an item with its whole subtree and everything attached to it. */
	public void delete(Item item) {
		detach(item);
		List<Item> doomed = new ArrayList<>(descendants(item));
		doomed.add(item);
		for (Item gone : doomed) {
			this.store.items.remove(gone.id);
			this.store.comments.values().removeIf((c) -> c.itemId.equals(gone.id));
			this.store.attachments.values().removeIf((a) -> a.itemId.equals(gone.id));
			this.store.plans.values().forEach((plan) -> plan.remove(gone.id));
		}
	}

	private void detach(Item item) {
		if (item.parentId != null) {
			Item parent = this.store.items.get(item.parentId);
			if (parent != null) {
				parent.childIds.remove(item.id);
			}
		}
	}

}
