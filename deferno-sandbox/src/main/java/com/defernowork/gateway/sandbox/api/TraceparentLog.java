package com.defernowork.gateway.sandbox.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs the W3C {@code traceparent} an API request carries (method, path, header; never a
 * credential), so a test or a person can follow a trace from an MCP client through the
 * gateway to here.
 */
@Component
class TraceparentLog extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(TraceparentLog.class);

	private static final int MAX_LENGTH = 128;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String traceparent = request.getHeader("traceparent");
		if (traceparent != null) {
			// a header is the caller's text: bounded and stripped of line breaks before
			// it is logged
			String shown = traceparent.substring(0, Math.min(traceparent.length(), MAX_LENGTH))
				.replaceAll("[^\\x20-\\x7e]", "?");
			logger.info("{} {} traceparent={}", request.getMethod(), request.getRequestURI(), shown);
		}
		chain.doFilter(request, response);
	}

}
