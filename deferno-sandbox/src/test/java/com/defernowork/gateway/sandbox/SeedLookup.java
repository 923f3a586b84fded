package com.defernowork.gateway.sandbox;

import tools.jackson.databind.JsonNode;

/** Finds seeded items by title through the API. */
final class SeedLookup {

	private SeedLookup() {
	}

	static String id(SandboxHttp http, String token, String title) {
		for (JsonNode row : http.get("/api/items?window=all", token).data()) {
			if (row.get("title").asString().equals(title)) {
				return row.get("id").asString();
			}
		}
		throw new AssertionError("no seeded item titled " + title);
	}

}
