package com.defernowork.gateway.auth.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.web.error.ErrorDescription;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The pages a person's browser opens are served under the issuer's name (and, for a run
 * on this computer, a loopback name) only, as the resource server serves {@code /mcp}: a
 * page's redirects are built from the name a request gives, and a request naming another
 * host (a DNS-rebinding page, a cache keyed by that name) would get links to it. Answered
 * 421 Misdirected Request (RFC 9110 §15.5.20), as nginx answers in front. The protocol
 * endpoints are left alone: the resource server reaches them by its own name for this
 * server ({@code AUTH_INTERNAL_URL}), and they redirect nowhere.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
final class PageHosts extends OncePerRequestFilter {

	static final int MISDIRECTED = 421;

	static final String NOT_SERVED = "This server does not serve the host the request names: use the address as "
			+ "published";

	/** As the page chains match them. */
	private static final RequestMatcher PAGES = new OrRequestMatcher(Stream
		.of("/login", "/login/**", "/oauth2/authorization/**", "/oauth2/authorize", "/consent", "/connected-apps",
				"/connected-apps/**", "/logout", "/signed-out")
		.<RequestMatcher>map(PathPatternRequestMatcher.withDefaults()::matcher)
		.toList());

	private final String issuerHost;

	PageHosts(AuthProperties properties) {
		this.issuerHost = name(URI.create(properties.issuer()).getHost());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PAGES.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String host = name(request.getServerName());
		if (host.equals(this.issuerHost) || RedirectUris.isLoopbackHost(host)) {
			chain.doFilter(request, response);
			return;
		}
		ErrorDescription.set(request, NOT_SERVED);
		response.sendError(MISDIRECTED);
	}

	/** Compared without case, an IPv6 address without its brackets. */
	private static String name(String host) {
		String name = (host != null) ? host.toLowerCase(Locale.ROOT) : "";
		return (name.startsWith("[") && name.endsWith("]")) ? name.substring(1, name.length() - 1) : name;
	}

}
