package com.defernowork.gateway.mcp.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code /mcp/} exactly like {@code /mcp} and answers every other path under
 * {@code /mcp/} with a JSON-RPC 404 naming the endpoint, ahead of every other filter
 * (security included). A redirect would make clients drop the POST body, so {@code /mcp/}
 * is re-pathed in place.
 */
final class McpPathFilter extends OncePerRequestFilter {

	private final String endpoint;

	McpPathFilter(String endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + this.endpoint + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!request.getRequestURI().equals(request.getContextPath() + this.endpoint + "/")) {
			JsonRpcErrors.write(response, HttpServletResponse.SC_NOT_FOUND, null, JsonRpcErrors.INVALID_REQUEST,
					"No MCP endpoint at this path; the endpoint is " + this.endpoint);
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getRequestURI() {
				return request.getContextPath() + McpPathFilter.this.endpoint;
			}

			@Override
			public StringBuffer getRequestURL() {
				StringBuffer url = request.getRequestURL();
				url.setLength(url.length() - 1);
				return url;
			}

			@Override
			public String getServletPath() {
				String path = request.getServletPath();
				return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
			}

		}, response);
	}

}
