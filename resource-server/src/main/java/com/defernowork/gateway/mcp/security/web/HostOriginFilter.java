package com.defernowork.gateway.mcp.security.web;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.mcp.security.ErrorBodies;
import com.defernowork.gateway.mcp.text.Quotes;
import com.defernowork.gateway.web.http.HeaderLines;
import com.defernowork.gateway.web.logging.RateLimitedWarning;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 403 a request whose {@code Host} or {@code Origin} is not allowed, before
 * anything else looks at it: a page on a rebinding domain must not reach a server on the
 * user's loopback. Both the {@code Host} header and the host after forwarded headers were
 * applied must be allowed: a same-origin page can add {@code X-Forwarded-Host} to its own
 * requests (nginx passes the client's {@code Host} on unchanged). An allowed origin's
 * CORS headers are added here too, not in the security chain, so that every answer a
 * browser client gets is readable, also those written before the chain (a 405 to its
 * {@code GET}, a 406, 413 or 415, a 503 when the server is full).
 */
public final class HostOriginFilter extends OncePerRequestFilter {

	private final HostOriginPolicy policy;

	private final CorsFilter cors;

	/**
	 * A refusal the operator may have caused (a client's host or origin left out of the
	 * settings) shows in the log, not only to the client.
	 */
	private final RateLimitedWarning refusedHosts = new RateLimitedWarning(
			LoggerFactory.getLogger(HostOriginFilter.class), Clock.systemUTC());

	private final RateLimitedWarning refusedOrigins = new RateLimitedWarning(
			LoggerFactory.getLogger(HostOriginFilter.class), Clock.systemUTC());

	public HostOriginFilter(HostOriginPolicy policy, CorsConfigurationSource cors) {
		this.policy = policy;
		this.cors = new CorsFilter(cors);
		this.cors.setCorsProcessor(new GatewayCorsProcessor(policy));
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
			this.refusedHosts.warn("Refused a request (403) for its Host " + Quotes.line(refused, Quotes.SHORT)
					+ ": not an allowed host (MCP_ALLOWED_HOSTS; by default MCP_PUBLIC_URL's host and loopback)");
			return;
		}
		if (HeaderLines.isRepeated(request, HttpHeaders.ORIGIN)) {
			// no browser sends two, and a check of the first alone would pass a second
			refuse(response, "The Origin header was sent more than once");
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (!this.policy.isOriginAllowed(origin)) {
			refuse(response, "The Origin " + Quotes.line(origin, Quotes.SHORT) + " is not allowed");
			this.refusedOrigins.warn("Refused a request (403) from a page at " + Quotes.line(origin, Quotes.SHORT)
					+ ": not an allowed origin (MCP_ALLOWED_ORIGINS; by default MCP_PUBLIC_URL's origin and loopback)");
			return;
		}
		this.cors.doFilter(request, response, chain);
	}

	private static void refuse(HttpServletResponse response, String description) throws IOException {
		// what Spring Security's headers would have said, which this refusal comes before
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		ErrorBodies.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", description);
	}

	/**
	 * Spring's CORS processing with two changes: a method the set-up does not allow, sent
	 * without a preflight (a browser would not, after the refused preflight), is passed
	 * on without CORS headers for its endpoint's own 405; and a refused preflight is
	 * answered in JSON, as every other refusal here, not with Spring's plain-text 403.
	 */
	private static final class GatewayCorsProcessor extends DefaultCorsProcessor {

		private final HostOriginPolicy policy;

		GatewayCorsProcessor(HostOriginPolicy policy) {
			this.policy = policy;
		}

		/**
		 * The policy's answer, which compares without regard to case; the allowed origin
		 * is named back as it was sent, which is what a browser compares it with.
		 */
		@Override
		protected String checkOrigin(CorsConfiguration config, String requestOrigin) {
			return (requestOrigin != null && this.policy.isOriginAllowed(requestOrigin)) ? requestOrigin : null;
		}

		@Override
		public boolean processRequest(CorsConfiguration config, HttpServletRequest request,
				HttpServletResponse response) throws IOException {
			if (config != null && !CorsUtils.isPreFlightRequest(request)
					&& config.checkHttpMethod(HttpMethod.valueOf(request.getMethod())) == null) {
				return true;
			}
			return super.processRequest(config, request, response);
		}

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			// the Vary headers Spring set on the servlet response stay
			refuse(((ServletServerHttpResponse) response).getServletResponse(),
					"This cross-origin request is not allowed: its method or a header it would send is not "
							+ "one this endpoint takes from a browser");
		}

	}

}
