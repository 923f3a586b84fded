package com.defernowork.gateway.mcp.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code /mcp/} exactly like {@code /mcp}. A redirect would make clients drop the
 * POST body, so the request is re-pathed in place, ahead of every other filter (security
 * included).
 */
final class McpTrailingSlashFilter extends OncePerRequestFilter {

	private final String endpoint;

	McpTrailingSlashFilter(String endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + this.endpoint + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getRequestURI() {
				return request.getContextPath() + McpTrailingSlashFilter.this.endpoint;
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
