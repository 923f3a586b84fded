package com.defernowork.gateway.auth.upstream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Spring's session store of the pending upstream sign-in, which also keeps the one a
 * callback consumes in the request: the success and failure handlers run after Spring
 * removed it, and must answer the MCP client that started that sign-in, not whichever
 * authorization request the session saved last (another tab's).
 */
final class PendingSignIns implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	private static final String CONSUMED = PendingSignIns.class.getName() + ".CONSUMED";

	private static final RequestCache SAVED_REQUESTS = new HttpSessionRequestCache();

	private final HttpSessionOAuth2AuthorizationRequestRepository sessions = new HttpSessionOAuth2AuthorizationRequestRepository();

	/** The client whose sign-in this callback completes. */
	static RequestingClient completedBy(HttpServletRequest request) {
		return (request.getAttribute(CONSUMED) instanceof OAuth2AuthorizationRequest signIn)
				? RequestingClient.of(signIn) : RequestingClient.NONE;
	}

	/**
	 * Forgets the session's saved authorization request once answered, unless it is
	 * another tab's, still waiting for its own sign-in.
	 */
	static void forgetSavedRequest(HttpServletRequest request, HttpServletResponse response, String authorizeUrl) {
		SavedRequest saved = SAVED_REQUESTS.getRequest(request, response);
		if (saved != null && saved.getRedirectUrl().equals(authorizeUrl)) {
			SAVED_REQUESTS.removeRequest(request, response);
		}
	}

	@Override
	public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		return this.sessions.loadAuthorizationRequest(request);
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		this.sessions.saveAuthorizationRequest(authorizationRequest, request, response);
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest removed = this.sessions.removeAuthorizationRequest(request, response);
		if (removed != null) {
			request.setAttribute(CONSUMED, removed);
		}
		return removed;
	}

}
