package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.TokenTypes;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.util.StringUtils;

/**
 * Where a sign-out goes: the signed-out page, or, when the consent page's "Not alice?"
 * form sent the state of the request it was asking about, back to that authorization
 * request, so that another person signs in (asked for credentials by an OpenID provider)
 * and is asked in turn. The pending request goes: it was the one who signed out's. Only
 * their own pending request is followed, and only to its path on this server.
 */
final class SignOutDestination implements LogoutSuccessHandler {

	private final OAuth2AuthorizationService authorizations;

	private final SimpleUrlLogoutSuccessHandler signedOut = new SimpleUrlLogoutSuccessHandler();

	SignOutDestination(OAuth2AuthorizationService authorizations, String signedOutPage) {
		this.authorizations = authorizations;
		this.signedOut.setDefaultTargetUrl(signedOutPage);
	}

	@Override
	public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException, ServletException {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		OAuth2Authorization pending = (StringUtils.hasText(state) && authentication != null)
				? this.authorizations.findByToken(state, TokenTypes.STATE) : null;
		OAuth2AuthorizationRequest asked = (pending != null
				&& pending.getPrincipalName().equals(authentication.getName()))
						? pending.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		if (asked == null) {
			this.signedOut.onLogoutSuccess(request, response, authentication);
			return;
		}
		this.authorizations.remove(pending);
		FreshSignIn.ask(request);
		URI again = URI.create(asked.getAuthorizationRequestUri());
		response.sendRedirect(again.getRawPath() + ((again.getRawQuery() != null) ? "?" + again.getRawQuery() : ""));
	}

}
