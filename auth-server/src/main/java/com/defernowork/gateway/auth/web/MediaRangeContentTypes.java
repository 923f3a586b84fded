package com.defernowork.gateway.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.web.MediaRanges;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose Content-Type is a media range ({@code *}{@code /*}, {@code text/*})
 * reaches the endpoints reporting no character encoding ({@link MediaRanges}), so that a
 * cross-origin one gets the answer of any body the endpoint does not take, with its CORS
 * headers, rather than a 500 from Spring's CORS processing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class MediaRangeContentTypes extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(MediaRanges.withoutEncoding(request), response);
	}

}
