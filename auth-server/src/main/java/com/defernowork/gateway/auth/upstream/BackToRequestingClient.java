package com.defernowork.gateway.auth.upstream;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * After sign-in, back to the authorization request that started it, as noted in the
 * sign-in; the session's saved request may since be another tab's. A sign-in no client
 * started goes to the saved page or Connected apps, as Spring's default would.
 */
final class BackToRequestingClient implements AuthenticationSuccessHandler {

	private final SavedRequestAwareAuthenticationSuccessHandler otherwise = new SavedRequestAwareAuthenticationSuccessHandler();

	BackToRequestingClient(String defaultUrl) {
		this.otherwise.setDefaultTargetUrl(defaultUrl);
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		FreshSignIn.done(request);
		String authorizeUrl = PendingSignIns.completedBy(request).authorizeUrl();
		if (authorizeUrl == null) {
			this.otherwise.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		PendingSignIns.forgetSavedRequest(request, response, authorizeUrl);
		response.sendRedirect(authorizeUrl);
	}

}
