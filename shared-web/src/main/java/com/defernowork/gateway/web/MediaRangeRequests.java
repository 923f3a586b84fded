package com.defernowork.gateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands every request on as {@link MediaRanges#withoutEncoding} sees it, so that a
 * cross-origin one whose Content-Type is a media range gets the endpoint's own answer
 * (415, or whatever any body it does not take gets), with its CORS headers, rather than a
 * 500 from Spring's CORS processing.
 */
final class MediaRangeRequests extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(MediaRanges.withoutEncoding(request), response);
	}

}
