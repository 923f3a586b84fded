package com.defernowork.gateway.auth.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a form submission whose session is gone (it expired, or was never on this
 * server) or whose CSRF token does not match: a page telling the person to start again
 * from their application, instead of a bare 403.
 */
@Component
public final class ExpiredSignInPage implements AccessDeniedHandler {

	private final ITemplateEngine templates;

	ExpiredSignInPage(ITemplateEngine templates) {
		this.templates = templates;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		this.templates.process("sign-in-expired", new Context(Locale.ENGLISH), response.getWriter());
	}

}
