package com.defernowork.gateway.mcp.tools.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.Noted;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.Payload;
import com.defernowork.gateway.mcp.deferno.client.QueryString;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.mcp.deferno.projection.CompactProjection;
import com.defernowork.gateway.mcp.deferno.projection.ItemWords;
import com.defernowork.gateway.mcp.deferno.refs.Ref;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.text.Quotes;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The daily plan and the calendar, on the kind-neutral {@code /items/plan*} and
 * {@code /items/calendar}.
 */
@Component
class PlanTools implements ToolProvider {

	/**
	 * The most items a reorder names: each one the plan's rows do not name costs a
	 * lookup, and a day's plan is far shorter.
	 */
	static final int MAX_PLAN_ITEMS = 100;

	/** The most days Deferno's calendar answers at once. */
	static final int MAX_CALENDAR_DAYS = 366;

	private final ToolFactory factory;

	private final DefernoClient client;

	private final RefResolver refs;

	/** How every plan tool picks its day; the same words as PlanDay's rule. */
	private static final String DAY = "The day is date (YYYY-MM-DD), else today in tz (IANA, e.g. Europe/Paris; not "
			+ "saved as the user's preference), else today as Deferno sees it (in the user's saved time zone, or UTC); "
			+ "pass the same date or tz to every plan tool so they act on the same day.";

	/** What the plan's and the calendar's rows hold, and how to have them whole. */
	private static final String ROWS = "Compact rows (kind, id, ref, title, status, complete_by and the times of "
			+ "day, the calendar's occurrence_date, today_occurrence.status) unless full=true (Deferno's whole rows); "
			+ "complete_by's clock is the item's time only with deadline_time_of_day or start_time_of_day. ";

	private final Clock clock;

	@Autowired
	PlanTools(ToolFactory factory, DefernoClient client, RefResolver refs) {
		this(factory, client, refs, Clock.systemUTC());
	}

	PlanTools(ToolFactory factory, DefernoClient client, RefResolver refs, Clock clock) {
		this.factory = factory;
		this.client = client;
		this.refs = refs;
		this.clock = clock;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(getDailyPlan(), getItemsCalendar(), addToItemsPlan(), removeFromItemsPlan(), reorderItemsPlan());
	}

	@Override
	public List<DefernoPrompt> prompts() {
		return List.of(DailyReviewPrompt.prompt());
	}

	DefernoTool getDailyPlan() {
		return this.factory.tool("plan", "get_daily_plan")
			.title("Daily plan")
			.description("The user's curated plan for a day: kind-tagged rows (task, habit, chore, event); on "
					+ "recurring kinds read done-ness from today_occurrence.status (list_occurrences' words). " + ROWS
					+ DAY)
			.scope(Scopes.PLAN_READ)
			.readOnly()
			.handler((args) -> {
				boolean full = args.bool("full", false);
				// the day tz gives is sent, never tz itself: Deferno would save it
				String date = PlanDay.of(args, this.clock);
				return rows(this.client.get("/items/plan" + QueryString.create().add("date", date)), full);
			});
	}

	DefernoTool getItemsCalendar() {
		return this.factory.tool("plan", "get_items_calendar")
			.title("Calendar")
			.description("Items of all kinds scheduled from start (inclusive) to end (exclusive), dates YYYY-MM-DD: "
					+ "a task on its day, a chore, habit or event once per occurrence (occurrence_date; its done-ness in "
					+ "today_occurrence.status). " + ROWS + "At most " + MAX_CALENDAR_DAYS
					+ " days (Deferno's limit): ask a longer span in several calls. "
					+ "Optional tz (IANA) to read the days in. If the user has no "
					+ "time zone saved yet, Deferno saves this tz as theirs, which then sets their days everywhere "
					+ "(whoami shows it, time_zone_saved): so this tool is not read-only when given tz, and a call "
					+ "that saved it says so in a note after the rows; leave tz out to use the saved zone (UTC when "
					+ "none).")
			.scope(Scopes.PLAN_READ)
			// a tz may be saved as the person's zone: not read-only, and the same again
			// changes nothing more
			.idempotent()
			.handler((args) -> {
				String start = args.requiredDate("start");
				String end = args.requiredDate("end");
				boolean full = args.bool("full", false);
				if (LocalDate.parse(end).compareTo(LocalDate.parse(start)) <= 0) {
					throw new ToolArgumentException("end must be after start (end is exclusive)");
				}
				long days = ChronoUnit.DAYS.between(LocalDate.parse(start), LocalDate.parse(end));
				if (days > MAX_CALENDAR_DAYS) {
					throw new ToolArgumentException("start " + start + " to end " + end + " is " + days + " days, and "
							+ "Deferno's calendar takes at most " + MAX_CALENDAR_DAYS + ": ask for a year or less "
							+ "per call");
				}
				String tz = PlanDay.zone(args);
				// Deferno saves the tz as the person's zone when they have none: told,
				// since it changes their today for every tool after this one
				boolean noneSavedBefore = tz != null && noneSaved();
				JsonNode items = this.client
					.get("/items/calendar" + QueryString.create().add("start", start).add("end", end).add("tz", tz));
				JsonNode rows = rows(items, full);
				if (tz == null) {
					return rows;
				}
				this.client.settingsMayHaveChanged();
				return (noneSavedBefore && savedNow(tz)) ? new Noted(rows,
						"The user had no time zone saved, so Deferno saved this tz, " + tz
								+ ", as theirs: it is now their time zone (whoami's time_zone, time_zone_saved true), "
								+ "in which Deferno reads \"today\" for the plan tools and the days of every tool called "
								+ "without tz or date. Tell the user if that is not their zone; it can be changed only in "
								+ "Deferno's settings.")
						: rows;
			});
	}

	/**
	 * Whether the person keeps no time zone, as far as can be told: settings that cannot
	 * be read now do not stop the calendar.
	 */
	private boolean noneSaved() {
		try {
			return SavedTimeZone.saved(this.client) == null;
		}
		catch (DefernoApiException ex) {
			if (ex.status() == 401) {
				throw ex;
			}
			return false;
		}
	}

	private boolean savedNow(String tz) {
		try {
			ZoneId saved = SavedTimeZone.saved(this.client);
			return saved != null && saved.getId().equals(tz);
		}
		catch (DefernoApiException ex) {
			return false;
		}
	}

	/** Rows of the plan or the calendar in the tools' words, compact unless full. */
	private static JsonNode rows(JsonNode answer, boolean full) {
		JsonNode rows = ItemWords.of(answer);
		return full ? rows : CompactProjection.dayRows(rows);
	}

	DefernoTool addToItemsPlan() {
		return this.factory.tool("plan", "add_to_items_plan")
			.title("Add to plan")
			.description("Add an item (any Ref form) to the daily plan. " + DAY)
			.scope(Scopes.PLAN_WRITE)
			.idempotent()
			.handler((args) -> planChange(args, "/items/plan/add"));
	}

	DefernoTool removeFromItemsPlan() {
		return this.factory.tool("plan", "remove_from_items_plan")
			.title("Remove from plan")
			.description("Remove an item (any Ref form) from the daily plan. " + DAY)
			.scope(Scopes.PLAN_WRITE)
			.destructive()
			.idempotent()
			.handler((args) -> {
				try {
					return planChange(args, "/items/plan/remove");
				}
				catch (DefernoApiException ex) {
					// a retried removal finds nothing: the agent must not read it as a
					// failure (a ref Deferno does not know, a deleted item's, is no
					// retry)
					boolean retried = ex.status() == 404 && ex.enveloped() && ex.subject() == null;
					throw retried ? ex.adding("; if an earlier remove_from_items_plan "
							+ "of it succeeded, there is nothing left to do (get_daily_plan lists the day's plan)")
							: ex;
				}
			});
	}

	DefernoTool reorderItemsPlan() {
		return this.factory.tool("plan", "reorder_items_plan")
			.title("Reorder plan")
			.description("Set the order of the daily plan: task_ids is the full ordered list of the plan's items "
					+ "(any Ref forms). " + DAY)
			.scope(Scopes.PLAN_WRITE)
			// not destructive: a list that is not the plan's own items is refused before
			// Deferno, which replaces the plan with the list it is sent, sees it
			.idempotent()
			.handler((args) -> {
				List<String> refs = args.optionalDistinctStrings("task_ids", MAX_PLAN_ITEMS);
				if (refs == null || refs.isEmpty()) {
					throw new ToolArgumentException("task_ids is required: the full ordered list of the plan's items");
				}
				String date = PlanDay.of(args, this.clock);
				List<Ref> parsed = new ArrayList<>();
				for (int i = 0; i < refs.size(); i++) {
					parsed.add(this.refs.parse("task_ids[" + i + "]", refs.get(i)));
				}
				PlanRows plan = plan(date);
				List<String> ids = new ArrayList<>();
				String personalOrg = null;
				boolean lookedUp = false;
				for (int i = 0; i < refs.size(); i++) {
					// only a ref that names none of the plan's rows is looked up
					String id = plan.idOf(parsed.get(i), personalOrg);
					if (id == null) {
						lookedUp = true;
						JsonNode item = this.refs.item("task_ids[" + i + "]", refs.get(i));
						id = ResolvedRef.of(item).id();
						if (personalOrg == null && parsed.get(i) instanceof Ref.Sequence
								&& item.path("org_slug").isString()) {
							// a sequence is the personal org's: the next ones match rows
							personalOrg = item.path("org_slug").stringValue();
						}
					}
					if (ids.contains(id)) {
						throw new ToolArgumentException("task_ids[" + i + "] is the same item as task_ids["
								+ ids.indexOf(id) + "]: list each of the plan's items once");
					}
					ids.add(id);
				}
				List<String> problems = anotherSet(plan, refs, ids);
				if (!problems.isEmpty()) {
					throw new ToolArgumentException("task_ids must list exactly the plan's items for " + day(date)
							+ ": " + String.join("; ", problems) + ". Nothing was changed; get_daily_plan lists them");
				}
				if (lookedUp) {
					// the lookups may have taken a while: an item added meanwhile would
					// be dropped
					problems = anotherSet(plan(date), refs, ids);
					if (!problems.isEmpty()) {
						throw new ToolArgumentException("The plan for " + day(date) + " changed while task_ids were "
								+ "looked up (another client added or removed an item): " + String.join("; ", problems)
								+ ". Nothing was changed; get_daily_plan lists its items now: call again with all of "
								+ "them");
					}
				}
				return this.client.post("/items/plan/reorder",
						Payload.create().put("task_ids", ids).putIfNotNull("date", date).map());
			});
	}

	private PlanRows plan(String date) {
		return PlanRows.of(this.client.get("/items/plan" + QueryString.create().add("date", date)));
	}

	private static String day(String date) {
		return (date != null) ? date : "today";
	}

	/**
	 * How {@code ids} differ from the plan's items, if they do. Deferno's reorder
	 * replaces the day's plan with the list it is sent, so a list that leaves an item out
	 * would drop it from the plan: only the plan's own items, each once, are sent. Refs
	 * that took lookups are checked again against the plan read just before the write; an
	 * item another client adds between that read and the write is still lost, as Deferno
	 * offers no condition to make the pair atomic.
	 */
	private static List<String> anotherSet(PlanRows plan, List<String> refs, List<String> ids) {
		List<String> planned = new ArrayList<>();
		List<String> left = new ArrayList<>();
		for (JsonNode row : plan.rows()) {
			String id = row.path("id").asString("");
			planned.add(id);
			if (!ids.contains(id)) {
				left.add(row.path("ref").asString(id));
			}
		}
		List<String> unplanned = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			if (!planned.contains(ids.get(i))) {
				unplanned.add("task_ids[" + i + "] ('" + Quotes.atMost(refs.get(i), Quotes.SHORT) + "')");
			}
		}
		List<String> problems = new ArrayList<>();
		if (!left.isEmpty()) {
			problems.add("it leaves out " + String.join(", ", left));
		}
		if (!unplanned.isEmpty()) {
			problems.add(String.join(", ", unplanned) + " " + ((unplanned.size() == 1) ? "is" : "are")
					+ " not in the plan (add_to_items_plan adds)");
		}
		return problems;
	}

	private Object planChange(ToolArguments args, String path) {
		String ref = args.requiredString("task_id");
		String date = PlanDay.of(args, this.clock);
		String id = this.refs.resolve("task_id", ref);
		return this.client.post(path, Payload.create().put("task_id", id).putIfNotNull("date", date).map());
	}

}
