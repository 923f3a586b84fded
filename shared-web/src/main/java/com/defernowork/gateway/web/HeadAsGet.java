package com.defernowork.gateway.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HEAD for documents that Spring Security's filters serve for GET only (RFC 9110 §9.3.2:
 * HEAD wherever GET is served): the request goes on as a GET, and the container, which
 * still knows it as HEAD, sends the answer's headers without its body.
 */
public final class HeadAsGet extends OncePerRequestFilter {

	private final Set<String> paths;

	/**
	 * @param paths the documents' paths within the application
	 */
	public HeadAsGet(Set<String> paths) {
		this.paths = Set.copyOf(paths);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.HEAD.matches(request.getMethod())
				|| !this.paths.contains(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getMethod() {
				return HttpMethod.GET.name();
			}

		}, response);
	}

}
