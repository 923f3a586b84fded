package com.defernowork.gateway.mcp.catalog;

/**
 * A tool's value with a note the agent must read beside it, such as a setting the call
 * changed as a side effect: a list cannot carry a {@code note} member as an object does,
 * so the note is the result's second text item (after any truncation notice's place: the
 * rows' text stays first).
 *
 * @param value what the tool answers, as a handler would return it
 * @param note the note, one or more sentences
 */
public record Noted(Object value, String note) {

}
