package com.defernowork.gateway.mcp.deferno.client;

import java.util.ArrayList;
import java.util.List;

/**
 * A query string whose every value is percent-encoded: a {@code +} or {@code &} an agent
 * sent must reach Deferno as itself, not as a space or a new parameter.
 */
public final class QueryString {

	private final List<String> parameters = new ArrayList<>();

	public static QueryString create() {
		return new QueryString();
	}

	/** Adds the parameter only for a non-null value. */
	public QueryString add(String name, Object value) {
		if (value != null) {
			this.parameters.add(name + "=" + UriEncoding.encode(value.toString()));
		}
		return this;
	}

	/** {@code ?a=1&b=2}, or nothing when no parameter was added. */
	@Override
	public String toString() {
		return this.parameters.isEmpty() ? "" : "?" + String.join("&", this.parameters);
	}

}
