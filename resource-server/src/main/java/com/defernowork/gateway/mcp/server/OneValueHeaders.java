package com.defernowork.gateway.mcp.server;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the 2026-07-28 SDK sees it: its version header as the one value the
 * endpoint read from it, and a routing header sent twice with the same value as sent
 * once, so that what the endpoint takes as one value in either era (a client setting a
 * header as well as its SDK) is not refused by the SDK alone, which reads the raw
 * headers.
 */
final class OneValueHeaders extends HttpServletRequestWrapper {

	private final String version;

	OneValueHeaders(HttpServletRequest request, String version) {
		super(request);
		this.version = version;
	}

	@Override
	public String getHeader(String name) {
		return ProtocolVersions.HEADER.equalsIgnoreCase(name) ? this.version : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (ProtocolVersions.HEADER.equalsIgnoreCase(name)) {
			return Collections.enumeration((this.version != null) ? List.of(this.version) : List.of());
		}
		if (RoutingHeaders.MCP_METHOD.equalsIgnoreCase(name) || RoutingHeaders.MCP_NAME.equalsIgnoreCase(name)) {
			return Collections.enumeration(RoutingHeaders.lines((HttpServletRequest) getRequest(), name));
		}
		return super.getHeaders(name);
	}

}
