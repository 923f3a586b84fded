package com.defernowork.gateway.mcp.server;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.web.http.HeaderValues;

/**
 * The MCP revisions {@code /mcp} speaks: the stateless 2026-07-28 core and the three with
 * an initialize handshake.
 */
final class ProtocolVersions {

	static final String MODERN = "2026-07-28";

	/**
	 * Newest first; a request without a version header is served as 2025-03-26, as that
	 * revision says.
	 */
	static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");

	static final List<String> ALL = List.of(MODERN, LEGACY.get(0), LEGACY.get(1), LEGACY.get(2));

	/** The only revision with JSON-RPC batches (a server must take them). */
	static final String BATCHES = "2025-03-26";

	static final String HEADER = "MCP-Protocol-Version";

	static final String META_KEY = "io.modelcontextprotocol/protocolVersion";

	private ProtocolVersions() {
	}

	/**
	 * Every distinct value of the request's version header, on one line comma-joined or
	 * on several (the same to HTTP, RFC 9110 §5.3): more than one is refused whatever
	 * their order; the same value sent twice (a client setting the header as well as its
	 * SDK) is one.
	 */
	static List<String> headerValues(HttpServletRequest request) {
		return HeaderValues.of(request, HEADER).distinct().toList();
	}

}
