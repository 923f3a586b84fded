package com.defernowork.gateway.mcp.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import com.defernowork.gateway.web.ProtectiveHeaders;

/**
 * The error page of a request to {@code /mcp} or a path under it, which the container
 * renders after the request failed outside the endpoint's reach: a body it could not read
 * to its end (malformed chunked framing, a client that stopped sending: Tomcat answers
 * 400 or 408 itself, whatever the reader does), a {@code TRACE} (405, which it refuses
 * itself). A JSON-RPC error without an id like every other /mcp error instead of Boot's
 * error document, with the protective headers Spring Security would have added and
 * {@code Allow: POST} on a 405.
 */
final class McpErrorPageFilter extends OncePerRequestFilter {

	private final String endpoint;

	McpErrorPageFilter(String endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri)
				|| !McpPathFilter.concerns(uri, request.getContextPath() + this.endpoint)) {
			chain.doFilter(request, response);
			return;
		}
		int status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) ? code
				: HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
		}
		ProtectiveHeaders.setOn(response);
		JsonRpcErrors.write(response, status, ContainerErrorsConfig.error(status));
	}

}
