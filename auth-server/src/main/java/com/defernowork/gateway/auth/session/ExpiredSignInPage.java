package com.defernowork.gateway.auth.session;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;

import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;

/**
 * Answers a form submission whose session is gone (it expired, or was never on this
 * server) or whose CSRF token does not match: a page telling the person to start again
 * from their application, or, for the connected-apps page's forms, that nothing changed
 * and how to get back there, instead of a bare 403. A form from an earlier sign-in of a
 * person still signed in (another tab signed in again since) is no expired sign-in: a
 * sign-out asks once more with a form of this session, a disconnect goes back to the
 * connected apps saying nothing changed; a sign-out whose session has ended goes to the
 * signed-out page.
 */
@Component
public final class ExpiredSignInPage implements AccessDeniedHandler, AuthenticationEntryPoint {

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
		DefernoUser person = signedIn();
		Object csrf = request.getAttribute(CsrfToken.class.getName());
		if (person != null && path.equals("/logout") && csrf != null) {
			Map<String, Object> model = new HashMap<>(Map.of("user", person, "_csrf", csrf));
			model.put("state", SignOutState.of(request));
			HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "apps/sign-out", model);
			return;
		}
		if (person != null && path.startsWith("/connected-apps/")) {
			response.sendRedirect(request.getContextPath() + "/connected-apps?unchanged");
			return;
		}
		HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "sign-in-expired",
				Map.of("connectedApps", path.startsWith("/connected-apps")));
	}

	/**
	 * A consent page opened with no sign-in (reloaded after the session ended): the
	 * request it would answer is gone with the session, so the person starts again from
	 * the application, not at a sign-in that could only end at the connected apps.
	 */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException notSignedIn)
			throws IOException {
		HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "sign-in-expired",
				Map.of("connectedApps", false));
	}

	private static DefernoUser signedIn() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return (current instanceof DefernoAuthenticationToken signedIn) ? signedIn.getPrincipal() : null;
	}

}
