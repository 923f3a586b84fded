package com.defernowork.gateway.auth.metadata;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code /.well-known/openid-configuration} as the very same RFC 8414 document:
 * MCP clients fall back to that URL, and an OpenID provider configuration would advertise
 * features we do not have. The request is re-addressed before Spring Security sees it
 * (after the forwarded-headers filter), so the framework's metadata endpoint answers
 * both.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class OpenIdConfigurationAlias extends OncePerRequestFilter {

	static final String ALIAS = "/.well-known/openid-configuration";

	static final String TARGET = "/.well-known/oauth-authorization-server";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!ALIAS.equals(path)) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getRequestURI() {
				return request.getContextPath() + TARGET;
			}

			@Override
			public StringBuffer getRequestURL() {
				StringBuffer url = request.getRequestURL();
				return new StringBuffer(url.substring(0, url.length() - ALIAS.length()) + TARGET);
			}

			@Override
			public String getServletPath() {
				return TARGET;
			}

			@Override
			public String getPathInfo() {
				return null;
			}

		}, response);
	}

}
