package com.defernowork.gateway.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose Content-Type is a media range ({@code *}{@code /*}, {@code text/*})
 * reports no character encoding, so that it gets the answer of any body the endpoint does
 * not take rather than a 500: Spring's CORS processing of a cross-origin request adds the
 * request's encoding (the UTF-8 Boot sets on every request) to its Content-Type, and
 * refuses to build a type with a wildcard. Nothing reads such a body as text.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class MediaRangeContentTypes extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(isMediaRange(request.getContentType()) ? new WithoutEncoding(request) : request, response);
	}

	private static boolean isMediaRange(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			// Spring's reading of the headers skips a type it cannot parse
			return false;
		}
	}

	private static final class WithoutEncoding extends HttpServletRequestWrapper {

		WithoutEncoding(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getCharacterEncoding() {
			return null;
		}

	}

}
