package com.defernowork.gateway.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.web.error.ErrorDescription;
import com.defernowork.gateway.web.http.ContentCoding;
import com.defernowork.gateway.web.http.RequestBody;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A body in a content coding ({@code gzip}, {@code br}...) is refused with 415 and
 * {@code Accept-Encoding: identity} (RFC 9110 §15.5.16, RFC 7694 §3), rendered by the
 * error controller: nothing here decodes one, and a form read as plain bytes would be
 * misread. Ahead of the check for undecodable parameters, which reads the body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 9)
final class ContentCodings extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestBody.isPresent(request) && ContentCoding.isCoded(request)) {
			ContentCoding.offerIdentityOnly(response);
			ErrorDescription.set(request, ContentCoding.REFUSED);
			response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
			return;
		}
		chain.doFilter(request, response);
	}

}
