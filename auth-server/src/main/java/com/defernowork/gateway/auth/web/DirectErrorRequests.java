package com.defernowork.gateway.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /error} is where the container forwards failures; asked for directly it has no
 * error to show, and Boot's error controller would answer 500 with status 999. A direct
 * request is answered 404 (rendered by that same error controller); forwarded errors do
 * not pass this filter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
final class DirectErrorRequests extends OncePerRequestFilter {

	private final String errorPath;

	DirectErrorRequests(@Value("${server.error.path:/error}") String errorPath) {
		this.errorPath = errorPath;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// decoded and without path parameters, as the dispatcher maps it: /%65rror and
		// /error;x reach the error controller too
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return !path.equals(this.errorPath) && !path.startsWith(this.errorPath + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.sendError(HttpServletResponse.SC_NOT_FOUND);
	}

}
