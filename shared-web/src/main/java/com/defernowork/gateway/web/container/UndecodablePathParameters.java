package com.defernowork.gateway.web.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.web.ProtectiveHeaders;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The container leaves path parameters undecoded ({@code /oauth2/token;a=%zz}), and
 * Spring's path parsing, the security chain's matchers first, fails on one it cannot
 * decode: answered 400 here, as the container answers an undecodable path, instead of an
 * exception logged as a server error. A browser gets the application's error page; any
 * other client the container's error body, written here, since Spring's error rendering
 * of JSON reads the path again and fails as well.
 */
final class UndecodablePathParameters extends OncePerRequestFilter {

	private final ContainerErrorBody body;

	UndecodablePathParameters(ContainerErrorBody body) {
		this.body = body;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		if (uri.indexOf(';') >= 0 && !isDecodable(uri, request.getContextPath())) {
			String accept = request.getHeader(HttpHeaders.ACCEPT);
			if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
				response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				return;
			}
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8);
			ProtectiveHeaders.setOn(response);
			response.getWriter().write(this.body.json(HttpServletResponse.SC_BAD_REQUEST));
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isDecodable(String uri, String contextPath) {
		try {
			RequestPath.parse(uri, contextPath);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
