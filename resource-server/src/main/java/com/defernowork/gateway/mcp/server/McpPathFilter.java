package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import com.defernowork.gateway.web.ProtectiveHeaders;

/**
 * Keeps {@code /mcp} one address, ahead of every other filter (security included):
 * {@code /mcp/} and the path with percent-encoded letters ({@code /%6Dcp}, the same URI
 * by RFC 3986 §6.2.2.2) are served exactly like {@code /mcp}, re-pathed in place (a
 * redirect would make clients drop the POST body); every other path under {@code /mcp/},
 * {@code /mcp} with path parameters ({@code /mcp;x}) and paths that only look like it
 * with empty or dot segments ({@code //mcp}, {@code /.//mcp}, which the firewall would
 * refuse with a body of its own) get a JSON-RPC 404 naming the endpoint.
 */
final class McpPathFilter extends OncePerRequestFilter {

	private final String endpoint;

	McpPathFilter(String endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().equals(request.getContextPath() + this.endpoint);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String at = request.getContextPath() + this.endpoint;
		String path = decoded(request.getRequestURI());
		if (path.equals(at) || path.equals(at + "/")) {
			chain.doFilter(new EndpointRequest(request, at, this.endpoint), response);
		}
		else if (isUnder(path, at) || isUnder(withoutEmptyOrDotSegments(path), at)) {
			// Spring Security, which would add these, comes after
			ProtectiveHeaders.setOn(response);
			JsonRpcErrors.write(response, HttpServletResponse.SC_NOT_FOUND, null, JsonRpcErrors.INVALID_REQUEST,
					"No MCP endpoint at this path; the endpoint is " + this.endpoint);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	/**
	 * Whether a request URI names the endpoint {@code at} (context path included) or a
	 * path this filter answers for it, in any of the spellings above.
	 */
	static boolean concerns(String uri, String at) {
		String path = decoded(uri);
		return isUnder(path, at) || isUnder(withoutEmptyOrDotSegments(path), at);
	}

	private static boolean isUnder(String path, String at) {
		return path.startsWith(at + "/") || path.startsWith(at + ";") || path.equals(at);
	}

	private static String withoutEmptyOrDotSegments(String path) {
		String squeezed = path.replaceAll("/+", "/");
		while (squeezed.contains("/./")) {
			squeezed = squeezed.replace("/./", "/");
		}
		return squeezed;
	}

	/** The path with its percent-encodings decoded; as sent when it has a broken one. */
	private static String decoded(String uri) {
		try {
			return UriUtils.decode(uri, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return uri;
		}
	}

	/** The request as if sent to the endpoint's own address. */
	private static final class EndpointRequest extends HttpServletRequestWrapper {

		private final String uri;

		private final String servletPath;

		EndpointRequest(HttpServletRequest request, String uri, String servletPath) {
			super(request);
			this.uri = uri;
			this.servletPath = servletPath;
		}

		@Override
		public String getRequestURI() {
			return this.uri;
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = super.getRequestURL();
			url.setLength(url.length() - super.getRequestURI().length());
			return url.append(this.uri);
		}

		@Override
		public String getServletPath() {
			return this.servletPath;
		}

	}

}
