package com.defernowork.gateway.mcp.tools.activity;

import java.util.Map;
import java.util.function.Function;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.deferno.client.DefernoCall;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.UnknownRoute;
import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.text.Quotes;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Where an activity call goes: an Event occurrence
 * ({@code /events/{id}/occurrences/{date}}) when a date is given, else the item
 * ({@code /items/{id}}). A date on anything but an Event is refused instead of silently
 * ignored, or answered "not found" by Deferno.
 */
record ActivityTarget(String basePath, boolean occurrence) {

	/**
	 * The body of Deferno's {@code POST …/delete} routes: activity metadata, every field
	 * optional, but the JSON body itself required (a bodyless POST is refused).
	 */
	static final Map<String, Object> NO_ACTIVITY = Map.of();

	/**
	 * Deletes the activity record at {@code path} (a comment, an attachment): Deferno's
	 * {@code POST …/delete}, or {@code DELETE} where that route is unknown.
	 */
	static void delete(DefernoClient client, String path) {
		client.callWithFallback(DefernoCall.post(path + "/delete", NO_ACTIVITY), DefernoCall.delete(path),
				UnknownRoute::refused);
	}

	static ActivityTarget of(RefResolver refs, String argument, String ref, String date) {
		if (date == null) {
			return item(refs.resolve(argument, ref));
		}
		return occurrence(refs, argument, ref, date, (kind) -> "date targets one Event occurrence, but this is a "
				+ kind + "; omit date to act on the item itself");
	}

	/** The item with id {@code id} itself. */
	static ActivityTarget item(String id) {
		return new ActivityTarget("/items/" + encode(id), false);
	}

	/**
	 * Deferno's unified Occurrence view of this occurrence's day (with its comments):
	 * {@code /events/{id}/occurrences?from=<date>&to=<date>}.
	 */
	String occurrenceView() {
		int day = this.basePath.lastIndexOf('/');
		String date = this.basePath.substring(day + 1);
		return this.basePath.substring(0, day) + "?from=" + date + "&to=" + date;
	}

	/**
	 * One occurrence of the Event {@code ref}, for the tools that act on nothing else.
	 */
	static ActivityTarget eventOccurrence(RefResolver refs, String argument, String ref, String date) {
		return occurrence(refs, argument, ref, date,
				(kind) -> argument + " " + Quotes.atMost(ref, Quotes.SHORT) + " is a " + kind
						+ ", not an event: only an "
						+ "Event has occurrence comments; for another item's comment use update_comment or "
						+ "delete_comment with the comment's id");
	}

	private static ActivityTarget occurrence(RefResolver refs, String argument, String ref, String date,
			Function<String, String> notAnEvent) {
		ResolvedRef item = refs.resolveWithKind(argument, ref);
		if (!item.kind().equals("event")) {
			throw new ToolArgumentException(notAnEvent.apply(item.kind()));
		}
		return new ActivityTarget("/events/" + encode(item.id()) + "/occurrences/" + encode(date), true);
	}

}
