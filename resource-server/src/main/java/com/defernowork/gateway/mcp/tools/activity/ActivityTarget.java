package com.defernowork.gateway.mcp.tools.activity;

import com.defernowork.gateway.mcp.deferno.refs.RefResolver;
import com.defernowork.gateway.mcp.deferno.refs.ResolvedRef;
import com.defernowork.gateway.mcp.catalog.ToolArgumentException;

import static com.defernowork.gateway.mcp.deferno.client.UriEncoding.encode;

/**
 * Where an activity call goes: an Event occurrence
 * ({@code /events/{id}/occurrences/{date}}) when a date is given, else the item
 * ({@code /items/{id}}). A date on anything but an Event is refused instead of silently
 * ignored.
 */
record ActivityTarget(String basePath, boolean occurrence) {

	static ActivityTarget of(RefResolver refs, String argument, String ref, String date) {
		if (date == null) {
			return new ActivityTarget("/items/" + encode(refs.resolve(argument, ref)), false);
		}
		ResolvedRef item = refs.resolveWithKind(argument, ref);
		if (!item.kind().equals("event")) {
			throw new ToolArgumentException("date targets one Event occurrence, but this is a " + item.kind()
					+ "; omit date to act on the item itself");
		}
		return new ActivityTarget("/events/" + encode(item.id()) + "/occurrences/" + encode(date), true);
	}

}
