package com.defernowork.gateway.mcp.tools.activity;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;
import com.defernowork.gateway.mcp.text.Quotes;

/**
 * A comment's or an attachment's id as Deferno gave it. An item's {@code #N} sent in its
 * place is refused before Deferno, whose "invalid value for 'id'" would name neither the
 * argument nor where the id comes from.
 */
final class RawId {

	private RawId() {
	}

	/** The id in {@code name}, which the tool {@code lister} gives. */
	static String of(ToolArguments args, String name, String lister) {
		String id = args.requiredId(name);
		if (id.matches("#[0-9]+")) {
			throw new ToolArgumentException(
					name + " '" + Quotes.atMost(id, Quotes.SHORT) + "' is an item ref (#N names " + "an item, not its "
							+ ((name.equals("att_id")) ? "attachment" : "comment") + "): " + name + " is the raw id "
							+ lister + " gives");
		}
		return id;
	}

}
