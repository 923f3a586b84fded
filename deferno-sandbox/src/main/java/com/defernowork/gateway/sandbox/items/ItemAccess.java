package com.defernowork.gateway.sandbox.items;

import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/**
 * Finds items the caller may see: those of their personal org and of the shared orgs they
 * belong to.
 */
@Component
public final class ItemAccess {

	private final SandboxStore store;

	ItemAccess(SandboxStore store) {
		this.store = store;
	}

	public Item item(Account account, UUID id) {
		Item item = this.store.items.get(id);
		if (item == null || !account.memberOf(item.org.id)) {
			throw ApiException.notFound("item not found");
		}
		return item;
	}

	/**
	 * An item of the given kind; another kind or an invisible item answers
	 * {@code <kind> not found}.
	 */
	public Item item(Account account, UUID id, Kind kind) {
		Item item = this.store.items.get(id);
		if (item == null || !account.memberOf(item.org.id) || item.kind != kind) {
			throw ApiException.notFound(kind.wire() + " not found");
		}
		return item;
	}

}
