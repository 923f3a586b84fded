package com.defernowork.gateway.mcp.tools.items;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.projection.CompactProjection;
import com.defernowork.gateway.mcp.deferno.projection.OccurrenceStatus;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;
import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encodeFormValue;

/** Kind-neutral item reads, Compact by default. */
@Component
class ItemReadTools implements ToolProvider {

	static final List<String> KINDS = List.of("task", "habit", "chore", "event");

	static final int MAX_LIMIT = 500;

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	ItemReadTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(getItem(), listItems(), searchItems(), getItemHistory());
	}

	DefernoTool getItem() {
		return this.factory.tool("items", "get_item")
			.title("Get an item")
			.description("One item by any Ref form (UUID, #123, acme-123, app URL, owner/repo#N). Compact by default "
					+ "(includes description and today_occurrence); full=true for the whole record. as_alias=true "
					+ "looks the string up as an external alias only.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				String item = args.requiredString("item");
				boolean full = args.bool("full", false);
				JsonNode record;
				if (args.bool("as_alias", false)) {
					record = this.client.get("/items/by-alias/" + encode(item.strip()));
				}
				else {
					record = this.client.get("/items/" + encode(this.refs.resolve("item", item)));
				}
				OccurrenceStatus.todayOccurrences(record);
				return full ? record : CompactProjection.item(record);
			});
	}

	DefernoTool listItems() {
		return this.factory.tool("items", "list_items")
			.title("List items")
			.description("Index the user's items (all kinds) in their personal org. Filters: kind, status, "
					+ "from_date/to_date on complete_by (inclusive days), limit (1-500), window=\"all\" to include "
					+ "long-done items. Compact rows (no id, no body) unless full=true.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				boolean full = args.bool("full", false);
				JsonNode rows = OccurrenceStatus.todayOccurrences(this.client.get("/items" + listQuery(args, full)));
				return full ? rows : CompactProjection.rows(rows);
			});
	}

	/** The OData query exactly as Deferno's own client builds it. */
	static String listQuery(ToolArguments args, boolean full) {
		String kind = args.optionalEnum("kind", KINDS);
		String status = args.optionalString("status");
		String from = args.optionalDate("from_date");
		String to = args.optionalDate("to_date");
		Integer limit = args.optionalInt("limit");
		String window = args.optionalEnum("window", List.of("all"));
		if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
			throw new ToolArgumentException("limit must be between 1 and " + MAX_LIMIT + " (Deferno's maximum page)");
		}
		if (from != null && to != null && from.compareTo(to) > 0) {
			throw new ToolArgumentException("from_date must not be after to_date");
		}
		if (status != null && !status.matches("[a-z_-]+")) {
			throw new ToolArgumentException("status must be a status word such as open, done or active");
		}
		List<String> params = new ArrayList<>();
		if (!full) {
			params.add("$select=" + encode(String.join(",", CompactProjection.CORE_FIELDS), ","));
		}
		List<String> clauses = new ArrayList<>();
		if (kind != null) {
			clauses.add("kind eq '" + kind + "'");
		}
		if (status != null) {
			clauses.add("status eq '" + status + "'");
		}
		if (from != null) {
			clauses.add("complete_by ge " + from + "T00:00:00Z");
		}
		if (to != null) {
			clauses.add("complete_by le " + to + "T23:59:59.999Z");
		}
		if (!clauses.isEmpty()) {
			params.add("$filter=" + encode(String.join(" and ", clauses)));
		}
		if (limit != null) {
			params.add("$top=" + limit);
		}
		if (window != null) {
			params.add("window=" + encode(window));
		}
		return params.isEmpty() ? "" : "?" + String.join("&", params);
	}

	DefernoTool searchItems() {
		return this.factory.tool("items", "search_items")
			.title("Search tasks")
			.description("Full-text search over the user's Tasks (not chores/habits/events). query needs at least 2 "
					+ "characters; optional status, label, from_date/to_date, parent_id (any Ref form). Compact rows "
					+ "unless full=true.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				String query = args.requiredString("query");
				if (query.strip().length() < 2) {
					throw new ToolArgumentException("query must have at least 2 characters");
				}
				boolean full = args.bool("full", false);
				List<String> params = new ArrayList<>();
				params.add("q=" + encodeFormValue(query));
				addForm(params, "status", args.optionalString("status"));
				addForm(params, "label", args.optionalString("label"));
				addForm(params, "from", args.optionalDate("from_date"));
				addForm(params, "to", args.optionalDate("to_date"));
				String parent = args.optionalString("parent_id");
				if (parent != null) {
					addForm(params, "parent_id", this.refs.resolve("parent_id", parent));
				}
				JsonNode rows = this.client.get("/tasks/search?" + String.join("&", params));
				return full ? rows : CompactProjection.rows(rows);
			});
	}

	private static void addForm(List<String> params, String name, String value) {
		if (value != null) {
			params.add(name + "=" + encodeFormValue(value));
		}
	}

	DefernoTool getItemHistory() {
		return this.factory.tool("items", "get_item_history")
			.title("Item history")
			.description("An item's change history ([{at, kind}], e.g. Created, Edited), by any Ref form.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> this.client
				.get("/items/" + encode(this.refs.resolve("item_id", args.requiredString("item_id"))) + "/history"));
	}

}
