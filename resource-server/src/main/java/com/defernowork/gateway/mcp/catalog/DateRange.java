package com.defernowork.gateway.mcp.catalog;

/**
 * The days of a from/to filter, {@code YYYY-MM-DD}, inclusive; either may be absent
 * ({@code null}), and {@code from} is never after {@code to}.
 *
 * @param from the first day, or {@code null}
 * @param to the last day, or {@code null}
 */
public record DateRange(String from, String to) {

}
