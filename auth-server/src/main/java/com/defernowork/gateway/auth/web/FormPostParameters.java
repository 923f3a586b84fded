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
 * A form POST with a query is read by its form body alone ({@link SentQuery}): the token,
 * revocation, introspection and authorization endpoints, the consent answer and the
 * pages' forms (whose CSRF token then counts from the form or a header, not from the
 * form's URL). After the check for undecodable parameters, which reads them first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 12)
final class FormPostParameters extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean formPostWithQuery = "POST".equals(request.getMethod()) && request.getQueryString() != null
				&& SentQuery.isForm(request.getContentType());
		chain.doFilter(formPostWithQuery ? SentQuery.formBodyOnly(request) : request, response);
	}

}
