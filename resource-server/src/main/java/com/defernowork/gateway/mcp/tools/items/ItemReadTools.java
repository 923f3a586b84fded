package com.defernowork.gateway.mcp.tools.items;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.mcp.deferno.projection.CompactProjection;
import com.defernowork.gateway.mcp.deferno.projection.ItemWords;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.catalog.DateRange;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.mcp.text.Quotes;
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
					+ "(includes description, today_occurrence and the times of day: complete_by's clock is a real "
					+ "time only with deadline_time_of_day or start_time_of_day, else the item is due by the end of "
					+ "that day); full=true for the whole record. as_alias=true looks the string up as an external "
					+ "alias only.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				String item = args.requiredString("item");
				boolean full = args.bool("full", false);
				JsonNode record;
				if (args.bool("as_alias", false)) {
					record = this.refs.byAlias("item", alias(item));
				}
				else {
					// one request when the lookup answered the whole record
					record = this.refs.record("item", item);
				}
				ItemWords.of(record);
				return full ? record : CompactProjection.item(record);
			});
	}

	/**
	 * An external alias becomes a path segment: {@code .} or {@code ..} would name
	 * another path, not an alias.
	 */
	private static String alias(String item) {
		String alias = item.strip();
		if (alias.equals(".") || alias.equals("..")) {
			throw new ToolArgumentException("item with as_alias=true must be an external alias such as owner/repo#44; "
					+ "got '" + Quotes.atMost(item, Quotes.SHORT) + "'");
		}
		return alias;
	}

	DefernoTool listItems() {
		return this.factory.tool("items", "list_items")
			.title("List items")
			.description("Index the user's items (all kinds) in their personal org; an item of a shared org is "
					+ "reached by its canonical ref (get_item). Filters: kind, status, "
					+ "from_date/to_date on complete_by (inclusive days, in tz when given, else in the user's saved "
					+ "time zone, else UTC): a Chore's, Habit's or recurring Event's complete_by is its series' first "
					+ "day, so a date filter does not find the days it recurs on; for what is due or happens on a day "
					+ "use get_items_calendar (or get_daily_plan for the curated plan). limit (1-500) "
					+ "and offset to page (a page of limit rows may have more after it). Without kind, status or a "
					+ "date filter Deferno leaves out long-done and archived items unless window=\"all\"; with any "
					+ "of them it lists them too (read each row's status). Compact rows (kind, id, ref, title, status, "
					+ "complete_by, parent_id, labels; no body, no time of day: complete_by's clock is not the item's "
					+ "time, get_item gives that) unless full=true.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				boolean full = args.bool("full", false);
				String query = listQuery(args, full, () -> SavedTimeZone.of(this.client));
				JsonNode rows = ItemWords.of(this.client.get("/items" + query));
				return full ? rows : CompactProjection.rows(rows);
			});
	}

	/**
	 * The OData query exactly as Deferno's own client builds it; days in {@code tz}, else
	 * in {@code savedZone}, asked only when a day is.
	 */
	static String listQuery(ToolArguments args, boolean full, Supplier<ZoneId> savedZone) {
		String kind = args.optionalEnum("kind", KINDS);
		// another word matches nothing: an empty list would read as "none in that state"
		String status = args.optionalEnum("status", ItemChanges.STATUSES);
		if (kind != null && status != null && !ItemChanges.statusesOf(kind).contains(status)) {
			throw new ToolArgumentException(ItemChanges.statusesOfAKind("status", kind) + "; no " + kind + " is ever '"
					+ status + "', so the list would be empty");
		}
		DateRange range = args.optionalDateRange("from_date", "to_date");
		Integer limit = args.optionalInt("limit", 1, MAX_LIMIT);
		Integer offset = args.optionalInt("offset", 0, Integer.MAX_VALUE);
		String tz = args.optionalTimeZone("tz");
		String window = args.optionalEnum("window", List.of("all"));
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
		PersonsDays days = PersonsDays.of(range, tz, savedZone);
		if (days.from() != null) {
			clauses.add("complete_by ge " + days.from());
		}
		if (days.to() != null) {
			clauses.add("complete_by le " + days.to());
		}
		if (!clauses.isEmpty()) {
			params.add("$filter=" + encode(String.join(" and ", clauses)));
		}
		if (limit != null) {
			params.add("$top=" + limit);
		}
		if (offset != null && offset > 0) {
			params.add("$skip=" + offset);
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
					+ "characters; optional status (a task status), label, from_date/to_date on complete_by "
					+ "(inclusive days, from not after to, in tz when given, else in the user's saved time zone, else "
					+ "UTC, as list_items), parent_id (any Ref form). Compact rows unless full=true.")
			.scope(Scopes.TASKS_READ)
			.readOnly()
			.handler((args) -> {
				String query = args.requiredLine("query");
				if (query.strip().length() < 2) {
					throw new ToolArgumentException("query must have at least 2 characters");
				}
				boolean full = args.bool("full", false);
				List<String> params = new ArrayList<>();
				params.add("q=" + encodeFormValue(query));
				DateRange range = args.optionalDateRange("from_date", "to_date");
				String tz = args.optionalTimeZone("tz");
				String status = args.optionalEnum("status", ItemChanges.TASK_STATUSES);
				String label = args.lineIfSent("label");
				String parent = args.optionalString("parent_id");
				if (parent != null) {
					this.refs.parse("parent_id", parent);
				}
				// Deferno takes date-times: the person's days, after every argument is
				// checked
				PersonsDays days = PersonsDays.of(range, tz, () -> SavedTimeZone.of(this.client));
				addForm(params, "status", status);
				addForm(params, "label", label);
				addForm(params, "from", (days.from() != null) ? days.from().toString() : null);
				addForm(params, "to", (days.to() != null) ? days.to().toString() : null);
				ResolvedRef parentRef = (parent != null) ? this.refs.resolveWithKindIfFree("parent_id", parent) : null;
				if (parentRef != null) {
					addForm(params, "parent_id", parentRef.id());
				}
				JsonNode rows = this.client.get("/tasks/search?" + String.join("&", params));
				if (parentRef != null && parentRef.kind() == null && rows != null && rows.isEmpty()) {
					// a UUID is sent unlooked-up: nothing found may mean no such parent
					requireParent(parent);
				}
				return full ? rows : CompactProjection.rows(rows);
			});
	}

	/**
	 * Refuses a parent that does not exist, which the search would answer with no rows as
	 * if it had no matching tasks.
	 */
	private void requireParent(String parent) {
		try {
			this.refs.item("parent_id", parent);
		}
		catch (DefernoApiException ex) {
			if (ex.status() == 404) {
				throw new ToolArgumentException("parent_id: no item " + Quotes.atMost(parent, Quotes.SHORT)
						+ " was found; find its ref with search_items or list_items");
			}
			throw ex;
		}
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
