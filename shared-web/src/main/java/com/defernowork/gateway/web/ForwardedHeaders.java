package com.defernowork.gateway.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Spring's forwarded-header filter, with headers it cannot apply answered 400 and that
 * answer rendered like any other error. Spring's own filter refuses some (a port that is
 * no number) but runs again for the error page with the same headers, which leaves the
 * 400 without a body; and it accepts an {@code X-Forwarded-Prefix} that is no path
 * ({@code %zz}), which then fails every request with a 500, and an
 * {@code X-Forwarded-Host} that is no host ({@code a b}, {@code a%zz}), which fails every
 * request that reads the request's URL (a redirect to sign in). Only a proxy sends these
 * headers: a bad one is a misconfigured proxy, or a client reaching the server directly.
 * It runs first (the application's filters order themselves after it), so a request with
 * such headers is refused before anything else can fail on them.
 */
final class ForwardedHeaders extends ForwardedHeaderFilter {

	private static final String PREFIX = "X-Forwarded-Prefix";

	private static final String REFUSED = ForwardedHeaders.class.getName() + ".refused";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(REFUSED) != null) {
			// the error page for the refusal below, rendered without the headers
			chain.doFilter(request, response);
			return;
		}
		request.setAttribute(REFUSED, Boolean.TRUE);
		// the response's redirects read the request's headers, which fails on a
		// media-range Content-Type (MediaRanges)
		super.doFilterInternal(MediaRanges.withoutEncoding(request), response, (forwarded, forwardedResponse) -> {
			if ((request.getHeader(PREFIX) == null || isPath((HttpServletRequest) forwarded))
					&& isOrigin((HttpServletRequest) forwarded)) {
				request.removeAttribute(REFUSED);
				chain.doFilter(forwarded, forwardedResponse);
			}
			else if (request.getDispatcherType() == DispatcherType.ERROR) {
				// an error page already on its way (the container's own): shown as it is
				chain.doFilter(request, response);
			}
			else {
				((HttpServletResponse) forwardedResponse).sendError(HttpServletResponse.SC_BAD_REQUEST);
			}
		});
	}

	/**
	 * Whether the scheme, host and port the forwarded headers give make a URI, as the
	 * framework reads the request's URL.
	 */
	private static boolean isOrigin(HttpServletRequest forwarded) {
		String url = forwarded.getRequestURL().toString();
		int path = url.indexOf('/', url.indexOf("//") + 2);
		try {
			new URI((path < 0) ? url : url.substring(0, path));
			return true;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/** What the framework parses for every request, with the forwarded prefix applied. */
	private static boolean isPath(HttpServletRequest forwarded) {
		try {
			RequestPath.parse(forwarded.getRequestURI(), forwarded.getContextPath());
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
