package com.defernowork.gateway.mcp.security.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.mcp.security.ErrorBodies;
import com.defernowork.gateway.mcp.text.Quotes;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 403 a request whose {@code Host} or {@code Origin} is not allowed, before
 * anything else looks at it: a page on a rebinding domain must not reach a server on the
 * user's loopback. Both the {@code Host} header and the host after forwarded headers were
 * applied must be allowed: a same-origin page can add {@code X-Forwarded-Host} to its own
 * requests (nginx passes the client's {@code Host} on unchanged).
 */
public final class HostOriginFilter extends OncePerRequestFilter {

	private final HostOriginPolicy policy;

	public HostOriginFilter(HostOriginPolicy policy) {
		this.policy = policy;
	}

	/** Health probes come from orchestrators under service names, and reveal nothing. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String host = request.getHeader(HttpHeaders.HOST);
		// the Host header, then the host a proxy forwarded (the server name): each is
		// named as sent when it is the one refused
		String refused = (host != null && !this.policy.isHostAllowed(host)) ? host
				: !this.policy.isHostAllowed(request.getServerName()) ? request.getServerName() : null;
		if (refused != null) {
			refuse(response, "The Host " + Quotes.line(refused, Quotes.SHORT) + " is not served here");
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (!this.policy.isOriginAllowed(origin)) {
			refuse(response, "The Origin " + Quotes.line(origin, Quotes.SHORT) + " is not allowed");
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, String description) throws IOException {
		// what Spring Security's headers would have said, which this refusal comes before
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		ErrorBodies.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", description);
	}

}
