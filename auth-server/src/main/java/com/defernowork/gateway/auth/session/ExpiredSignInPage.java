package com.defernowork.gateway.auth.session;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;

import com.defernowork.gateway.auth.config.HtmlPages;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a form submission whose session is gone (it expired, or was never on this
 * server) or whose CSRF token does not match: a page telling the person to start again
 * from their application, or, for the connected-apps page's forms, that nothing changed
 * and how to get back there, instead of a bare 403; a sign-out whose session has ended
 * goes to the signed-out page.
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
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals("/logout") && request.getSession(false) == null) {
			// signing out of a session that has already ended: done
			response.sendRedirect(request.getContextPath() + "/signed-out");
			return;
		}
		HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "sign-in-expired",
				Map.of("connectedApps", path.startsWith("/connected-apps")));
	}

}
