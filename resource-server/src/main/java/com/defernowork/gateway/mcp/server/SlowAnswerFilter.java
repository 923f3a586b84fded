package com.defernowork.gateway.mcp.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import com.defernowork.gateway.mcp.deferno.client.CallCancellation;

/**
 * Gives each POST to {@code /mcp} a {@link SlowAnswer}, outside the security filters
 * (which keep the answer until it is done, to replace it with a 401 when the sign-in
 * ended), and binds its cancellation to the thread that serves it: the MCP server runs
 * tool calls on it.
 */
final class SlowAnswerFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SlowAnswer answer = new SlowAnswer(request, response);
		try (CallCancellation.Scope scope = answer.cancellation().bind()) {
			chain.doFilter(request, answer);
		}
		finally {
			answer.finish();
		}
	}

}
