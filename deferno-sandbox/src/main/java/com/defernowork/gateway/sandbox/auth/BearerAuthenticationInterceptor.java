package com.defernowork.gateway.sandbox.auth;

import com.defernowork.gateway.sandbox.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid {@code Authorization: Bearer} token on every API call, like the
 * backend.
 */
final class BearerAuthenticationInterceptor implements HandlerInterceptor {

	static final String ACCOUNT_ATTRIBUTE = BearerAuthenticationInterceptor.class.getName() + ".account";

	private final Tokens tokens;

	BearerAuthenticationInterceptor(Tokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw ApiException.unauthorized("missing or invalid token");
		}
		request.setAttribute(ACCOUNT_ATTRIBUTE, this.tokens.authenticate(header.substring(7).trim())
			.orElseThrow(() -> ApiException.unauthorized("missing or invalid token")));
		return true;
	}

}
