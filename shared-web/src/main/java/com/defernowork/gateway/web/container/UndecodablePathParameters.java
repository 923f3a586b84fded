package com.defernowork.gateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The container leaves path parameters undecoded ({@code /oauth2/token;a=%zz}), and
 * Spring's path parsing, the security chain's matchers first, fails on one it cannot
 * decode: answered 400 here, as the container answers an undecodable path, instead of an
 * exception logged as a server error.
 */
final class UndecodablePathParameters extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		if (uri.indexOf(';') >= 0) {
			try {
				RequestPath.parse(uri, request.getContextPath());
			}
			catch (IllegalArgumentException ex) {
				response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
