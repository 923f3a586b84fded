package com.defernowork.gateway.auth.session;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.ITemplateEngine;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.ConsentFormPost;
import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Answers a form submission whose session is gone (it expired, or was never on this
 * server) or whose CSRF token does not match: a page telling the person to start again
 * from their application, or, for the connected-apps page's forms, that nothing changed
 * and how to get back there, instead of a bare 403. A form from an earlier sign-in of a
 * browser signed in now (as someone else since, or after a sign-out) is no expired one: a
 * sign-out asks once more with a form of this session, a disconnect goes back to the
 * connected apps saying nothing changed; a sign-out whose session has ended goes to the
 * signed-out page.
 */
@Component
public final class ExpiredSignInPage implements AccessDeniedHandler, AuthenticationEntryPoint {

	/** Fetch Metadata (sent by every current browser): where the request came from. */
	private static final String FETCH_SITE = "Sec-Fetch-Site";

	private static final String CROSS_SITE = "cross-site";

	private final ITemplateEngine templates;

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final String issuer;

	private final SignOutConsent signOutConsent;

	ExpiredSignInPage(ITemplateEngine templates, OAuth2AuthorizationService authorizations,
			RegisteredClientRepository clients, AuthProperties properties, SignOutConsent signOutConsent) {
		this.templates = templates;
		this.authorizations = authorizations;
		this.clients = clients;
		this.issuer = properties.issuer();
		this.signOutConsent = signOutConsent;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		String path = path(request);
		if (path.equals("/logout") && request.getSession(false) == null) {
			// signing out of a session that has already ended: done
			response.sendRedirect(request.getContextPath() + "/signed-out");
			return;
		}
		if (answeredCrossSite(request, response)) {
			return;
		}
		DefernoUser person = signedIn();
		Object csrf = request.getAttribute(CsrfToken.class.getName());
		if (person != null && path.equals("/logout") && csrf != null) {
			Map<String, Object> model = new HashMap<>(Map.of("user", person, "_csrf", csrf));
			model.putAll(this.signOutConsent.model(SignOutState.of(request), person));
			HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "apps/sign-out", model);
			return;
		}
		if (person != null && path.startsWith("/connected-apps/")) {
			response.sendRedirect(request.getContextPath() + "/connected-apps?unchanged");
			return;
		}
		// the browser is signed in, but the form is from an earlier sign-in (someone else
		// signed in since, or the person signed out and in again) or none of its: it has
		// not expired
		Map<String, Object> model = new HashMap<>(
				Map.of("connectedApps", path.startsWith("/connected-apps"), "outdated", person != null));
		if (ConsentFormPost.matches(request)) {
			backToTheApplication(request, person,
					(person != null) ? "The request was not approved: its consent page was out of date"
							: "The sign-in expired before the request was approved")
				.ifPresent((uri) -> model.putAll(Map.of("returnTo", uri, "returnsTo", RedirectUris.returnsTo(uri))));
		}
		HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "sign-in-expired", model);
	}

	/**
	 * An approval whose sign-in expired or is out of date: the application still waits
	 * for an answer at its redirect URI, which the pending consent, found by the form's
	 * state, names. A link, as after a cancelled sign-in, with {@code access_denied}: an
	 * error tells no one anything, and the application can start again.
	 */
	private Optional<String> backToTheApplication(HttpServletRequest request, DefernoUser person, String description) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		OAuth2Authorization pending = StringUtils.hasText(state)
				? this.authorizations.findByToken(state, TokenTypes.STATE) : null;
		RegisteredClient client = (pending != null) ? this.clients.findById(pending.getRegisteredClientId()) : null;
		OAuth2AuthorizationRequest asked = (pending != null)
				? pending.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		if (client == null || asked == null || !client.getClientId().equals(clientId)
				|| (person != null && !person.getName().equals(pending.getPrincipalName()))) {
			// a signed-in browser: only for the consent of whoever it is signed in as
			return Optional.empty();
		}
		return RedirectUris.accessDenied(this.clients, clientId, asked.getRedirectUri(), asked.getState(), this.issuer,
				description);
	}

	/**
	 * A consent page opened with no sign-in (reloaded after the session ended): the
	 * request it would answer is gone with the session, so the person starts again from
	 * the application, not at a sign-in that could only end at the connected apps.
	 */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException notSignedIn)
			throws IOException {
		if (answeredCrossSite(request, response)) {
			return;
		}
		HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "sign-in-expired",
				Map.of("connectedApps", false, "outdated", false));
	}

	/**
	 * A form another site posted: the browser left the session's Lax cookie out, so the
	 * person may well be signed in, and nothing expired.
	 */
	private boolean answeredCrossSite(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod()) || !CROSS_SITE.equals(request.getHeader(FETCH_SITE))) {
			return false;
		}
		String path = path(request);
		if (path.startsWith("/connected-apps/")) {
			response.sendRedirect(request.getContextPath() + "/connected-apps?cross-site");
		}
		else {
			HtmlPages.render(this.templates, response, HttpServletResponse.SC_FORBIDDEN, "sign-in-expired",
					Map.of("connectedApps", false, "outdated", false, "crossSite", true));
		}
		return true;
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	private static DefernoUser signedIn() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return (current instanceof DefernoAuthenticationToken signedIn) ? signedIn.getPrincipal() : null;
	}

}
