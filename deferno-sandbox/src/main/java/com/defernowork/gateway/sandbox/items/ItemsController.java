package com.defernowork.gateway.sandbox.items;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Org;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Item reads: the OData list, one item, the three Ref resolvers and history. */
@RestController
final class ItemsController {

	static final int MAX_TOP = 500;

	/** Finished tasks older than this are out of the default done-visibility window. */
	static final Duration DONE_VISIBILITY = Duration.ofDays(7);

	private final SandboxStore store;

	private final ItemAccess access;

	private final ItemViews views;

	private final Clock clock;

	ItemsController(SandboxStore store, ItemAccess access, ItemViews views, Clock clock) {
		this.store = store;
		this.access = access;
		this.views = views;
		this.clock = clock;
	}

	@GetMapping("/api/items")
	List<Map<String, Object>> list(Account account, @RequestParam(name = "$select", required = false) String select,
			@RequestParam(name = "$filter", required = false) String filter,
			@RequestParam(name = "$top", required = false) String top,
			@RequestParam(name = "$skip", required = false) String skip,
			@RequestParam(name = "window", required = false) String window) {
		Integer limit = top(top);
		int offset = skip(skip);
		Predicate<Item> predicate = (filter != null && !filter.isBlank()) ? ItemFilter.parse(filter) : null;
		List<String> fields = (select != null && !select.isBlank())
				? Arrays.stream(select.split(",")).map(String::trim).filter((f) -> !f.isEmpty()).toList() : null;
		Instant cutoff = this.clock.instant().minus(DONE_VISIBILITY);
		return this.store.locked(() -> {
			// Deferno lists the caller's personal org only; items of shared orgs are
			// reached by ref
			Stream<Item> items = this.store.visibleItems(account)
				.stream()
				.filter((item) -> item.org.id.equals(account.personalOrg().id));
			if (predicate != null) {
				items = items.filter(predicate);
			}
			else if (!"all".equals(window)) {
				items = items.filter((item) -> withinWindow(item, cutoff));
			}
			items = items.skip(offset);
			if (limit != null) {
				items = items.limit(limit);
			}
			return items.map((item) -> (fields != null) ? this.views.select(item, fields) : this.views.row(item))
				.toList();
		});
	}

	@GetMapping("/api/items/{id}")
	Map<String, Object> get(Account account, @PathVariable UUID id) {
		return this.store.locked(() -> this.views.full(this.access.item(account, id), account));
	}

	@GetMapping("/api/items/by-seq/{seq}")
	Map<String, Object> bySequence(Account account, @PathVariable String seq) {
		int sequence = sequence(seq.startsWith("#") ? seq.substring(1) : seq);
		return this.store.locked(() -> find(account, account.personalOrg(), sequence));
	}

	@GetMapping("/api/items/by-ref/{canonical}")
	Map<String, Object> byRef(Account account, @PathVariable String canonical) {
		int dash = canonical.lastIndexOf('-');
		if (dash <= 0) {
			throw ApiException.badRequest("'" + canonical + "' is not a canonical ref {org_slug}-{sequence}");
		}
		int sequence = sequence(canonical.substring(dash + 1));
		String slug = canonical.substring(0, dash);
		return this.store.locked(() -> {
			Org org = this.store.orgBySlug(slug)
				.filter((o) -> account.memberOf(o.id))
				.orElseThrow(() -> ApiException.notFound("item not found"));
			return find(account, org, sequence);
		});
	}

	@GetMapping("/api/items/by-alias/{alias}")
	Map<String, Object> byAlias(Account account, @PathVariable String alias) {
		return this.store.locked(() -> this.store.visibleItems(account)
			.stream()
			.filter((item) -> item.alias != null && item.alias.equalsIgnoreCase(alias.trim()))
			.findFirst()
			.map((item) -> this.views.full(item, account))
			.orElseThrow(() -> ApiException.notFound("item not found")));
	}

	@GetMapping("/api/items/{id}/history")
	List<Map<String, Object>> history(Account account, @PathVariable UUID id) {
		return this.store.locked(() -> {
			Item item = this.access.item(account, id);
			return item.actions.stream().map(ItemsController::action).toList();
		});
	}

	private Map<String, Object> find(Account account, Org org, int sequence) {
		return this.store.items.values()
			.stream()
			.filter((item) -> item.org.id.equals(org.id) && item.sequence == sequence)
			.findFirst()
			.map((item) -> this.views.full(item, account))
			.orElseThrow(() -> ApiException.notFound("item not found"));
	}

	private static Map<String, Object> action(Map<String, Object> action) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("at", ItemViews.time((Instant) action.get("at")));
		view.put("kind", action.get("kind"));
		return view;
	}

	private static boolean withinWindow(Item item, Instant cutoff) {
		if ("archived".equals(item.status)) {
			return false;
		}
		if (!item.taskFinished()) {
			return true;
		}
		Instant finished = (item.doneAt != null) ? item.doneAt : item.dateCreated;
		return finished.isAfter(cutoff);
	}

	private static Integer top(String top) {
		if (top == null) {
			return null;
		}
		int value;
		try {
			value = Integer.parseInt(top.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiException.badRequest("$top must be a non-negative integer, got '" + top + "'");
		}
		if (value < 0) {
			throw ApiException.badRequest("$top must be a non-negative integer, got '" + top + "'");
		}
		if (value > MAX_TOP) {
			throw ApiException.badRequest("$top exceeds max of " + MAX_TOP);
		}
		return value;
	}

	private static int skip(String skip) {
		if (skip == null) {
			return 0;
		}
		try {
			int value = Integer.parseInt(skip.trim());
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("$skip must be a non-negative integer, got '" + skip + "'");
	}

	private static int sequence(String text) {
		if (text.isEmpty() || !text.chars().allMatch((c) -> c >= '0' && c <= '9') || text.length() > 9) {
			throw ApiException.badRequest("'" + text + "' is not a sequence number");
		}
		return Integer.parseInt(text);
	}

}
