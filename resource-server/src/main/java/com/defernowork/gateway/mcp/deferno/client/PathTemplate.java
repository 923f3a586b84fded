package com.defernowork.gateway.mcp.deferno.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request path split into a URI template and the values it was built from, so that
 * metrics and logs name the endpoint ({@code /items/{id}/comments}) and never an id, a
 * ref or what was searched for. The tools build paths by concatenation, so the template
 * is read back from the path: Deferno's route words are lowercase letters and hyphens,
 * every other segment (a UUID, a sequence number, a date, an encoded ref) is a value, and
 * so is the one after a {@code by-…} lookup, which may be any word. The query is one
 * value. Values stay as they were encoded.
 *
 * @param path the template of the path, without the query
 * @param values the path's values in order, then the query when there is one
 */
record PathTemplate(String path, List<String> values, boolean hasQuery) {

	private static final Pattern ROUTE_WORD = Pattern.compile("[a-z]+(-[a-z]+)*");

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
			if (segment.isEmpty() || (!lookup && ROUTE_WORD.matcher(segment).matches())) {
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
