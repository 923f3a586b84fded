package com.defernowork.gateway.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.SentQuery;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests as the framework's endpoints can read every parameter of ({@link SentQuery}):
 * a form POST with a query by its form body alone (the token, revocation, introspection
 * and authorization endpoints, the consent answer and the pages' forms, whose CSRF token
 * then counts from the form or a header, not from the form's URL); any other request
 * whose query names a parameter percent-encoded ({@code %73tate}) with that name decoded
 * in its query string. After the check for undecodable parameters, which reads them
 * first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 12)
final class FrameworkParameters extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(readable(request), response);
	}

	private static HttpServletRequest readable(HttpServletRequest request) {
		if (request.getQueryString() == null) {
			return request;
		}
		if ("POST".equals(request.getMethod()) && SentQuery.isForm(request.getContentType())) {
			return SentQuery.formBodyOnly(request);
		}
		return SentQuery.withNamesDecoded(request);
	}

}
