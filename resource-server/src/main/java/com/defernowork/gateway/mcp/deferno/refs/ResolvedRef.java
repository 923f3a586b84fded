package com.defernowork.gateway.mcp.deferno.refs;

/**
 * An item id with its kind, lower-cased ({@code task}, {@code chore}, {@code habit},
 * {@code event}).
 */
public record ResolvedRef(String id, String kind) {
}
