package com.defernowork.gateway.mcp.deferno.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request path split into a URI template and the values it was built from, so that
 * metrics and logs name the endpoint ({@code /items/{id}/comments}) and never an id, a
 * ref or what was searched for. The tools build paths by concatenation, so the template
 * is read back from the path: a segment that is one of Deferno's route words stays, every
 * other segment (a UUID, a sequence number, a date, an encoded ref, any word an agent
 * sent as an id) is a value, and so is the one after a {@code by-…} lookup. The query is
 * one value. Values stay as they were encoded.
 *
 * @param path the template of the path, without the query
 * @param values the path's values in order, then the query when there is one
 */
record PathTemplate(String path, List<String> values, boolean hasQuery) {

	/**
	 * The words of Deferno's routes the tools call. A list, not a pattern: an id is
	 * whatever an agent sends, and a word taken for a route would be a metric series of
	 * its own; a route word missing here only shows as {@code {id}}. ({@code health} is
	 * served beside the API, for the health component's probe.)
	 */
	private static final Set<String> ROUTE_WORDS = Set.of("activity", "add", "attachments", "auth", "batch", "by-alias",
			"by-ref", "by-seq", "calendar", "chores", "comment", "comments", "convert", "delete", "events", "habits",
			"health", "history", "items", "mark-next-done", "me", "mood-history", "move", "occurrences", "plan",
			"presign", "promote", "remove", "reorder", "reschedule", "search", "settings", "tasks");

	static PathTemplate of(String path) {
		int queryStart = path.indexOf('?');
		String pathOnly = (queryStart < 0) ? path : path.substring(0, queryStart);
		List<String> values = new ArrayList<>();
		StringBuilder template = new StringBuilder();
		boolean lookup = false;
		for (String segment : pathOnly.split("/", -1)) {
			if (!template.isEmpty() || !segment.isEmpty()) {
				template.append('/');
			}
			if (segment.isEmpty() || (!lookup && ROUTE_WORDS.contains(segment))) {
				template.append(segment);
			}
			else {
				template.append(lookup ? "{value}" : "{id}");
				values.add(segment);
			}
			lookup = segment.startsWith("by-");
		}
		if (queryStart >= 0) {
			values.add(path.substring(queryStart + 1));
		}
		return new PathTemplate(template.toString(), List.copyOf(values), queryStart >= 0);
	}

	/** The template below the base URL, the query a variable of its own. */
	String uriTemplate() {
		return this.hasQuery ? this.path + "?{query}" : this.path;
	}

}
