package com.defernowork.gateway.mcp.security.web;

import java.io.IOException;

import com.defernowork.gateway.mcp.security.BearerChallenges;
import com.defernowork.gateway.mcp.security.ReauthenticationSignal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Buffers the MCP server's answer to a POST so that, when a tool found the grant dead
 * upstream ({@link ReauthenticationSignal}), the answer can still be replaced by a 401
 * {@code invalid_token}: the client then signs in again instead of showing the same tool
 * error forever. Streamed (async) answers pass through untouched.
 */
public final class ReauthenticationResponseFilter extends OncePerRequestFilter {

	private final BearerChallenges challenges;

	public ReauthenticationResponseFilter(BearerChallenges challenges) {
		this.challenges = challenges;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, buffered);
		}
		finally {
			String why = ReauthenticationSignal.raised(request);
			if (why != null && !request.isAsyncStarted() && !response.isCommitted()) {
				response.resetBuffer();
				this.challenges.writeInvalidToken(response, why);
			}
			else {
				buffered.copyBodyToResponse();
			}
		}
	}

}
