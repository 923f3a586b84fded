package com.defernowork.gateway.auth.web;

import java.io.IOException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.web.http.HeaderLines;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request with more than one {@code Authorization} header is refused: the header is no
 * list (RFC 9110 §11.6.2), and the framework's converters read the first and ignore the
 * rest, so a client's credentials would be a guess (nginx and the resource server refuse
 * it too).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
final class RepeatedAuthorization extends OncePerRequestFilter {

	private static final OAuth2Error SEVERAL = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
			"Send one Authorization header; this request has several", null);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (HeaderLines.isRepeated(request, HttpHeaders.AUTHORIZATION)) {
			// answered before Spring Security, which sets these on every other answer
			HtmlPages.protect(response);
			OAuthErrorJson.write(response, HttpStatus.BAD_REQUEST, SEVERAL);
			return;
		}
		chain.doFilter(request, response);
	}

}
