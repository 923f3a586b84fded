package com.defernowork.gateway.auth.upstream;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * The session's pending upstream sign-ins, one per state, so that each tab's callback
 * completes its own: Spring's store keeps one, and a second tab's sign-in (a person
 * connecting two apps at once) made the first one's callback "expired". Spring's slot is
 * written too, and read when a state has no entry of its own, so that servers of the
 * previous version, during a rolling upgrade, and this one read each other's. The one a
 * callback consumes is also kept in the request: the success and failure handlers run
 * after it was removed, and must answer the MCP client that started that sign-in, not
 * whichever authorization request the session saved last (another tab's).
 */
final class PendingSignIns implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	private static final String CONSUMED = PendingSignIns.class.getName() + ".CONSUMED";

	/**
	 * Session attribute of a pending sign-in: this, then its slot. A fixed few names: the
	 * Redis session store leaves a removed attribute's field behind, so a name per state
	 * grew a busy session by one field per sign-in started.
	 */
	private static final String SLOT = PendingSignIns.class.getName() + ".slot.";

	/** The most pending sign-ins a session keeps. */
	static final int MAX_PENDING = 5;

	private static final RequestCache SAVED_REQUESTS = new HttpSessionRequestCache();

	/** The description of an answer that names one of its parameters twice. */
	static final String REPEATED = "An authorization response parameter is repeated";

	private static final List<String> RESPONSE_PARAMETERS = List.of(OAuth2ParameterNames.CODE,
			OAuth2ParameterNames.STATE, OAuth2ParameterNames.ERROR, OAuth2ParameterNames.ERROR_DESCRIPTION, "iss");

	/**
	 * How long a consumed sign-in's state stays claimed: far beyond two loads of one
	 * callback.
	 */
	private static final Duration CLAIMED_FOR = Duration.ofMinutes(10);

	private final HttpSessionOAuth2AuthorizationRequestRepository sessions = new HttpSessionOAuth2AuthorizationRequestRepository();

	private final KeyValueStore claims;

	/**
	 * @param claims where a callback claims its sign-in's state: the session's removal of
	 * it is written only when the request ends, so two loads of one callback at once (a
	 * reload, a double click; on one server or two) both found it, and the second spent
	 * Deferno's code again, to be told Deferno refused the sign-in
	 */
	PendingSignIns(KeyValueStore claims) {
		this.claims = claims;
	}

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
		String slot = slotOf(request.getSession(false), request.getParameter(OAuth2ParameterNames.STATE));
		return (slot != null) ? (OAuth2AuthorizationRequest) request.getSession().getAttribute(slot)
				: this.sessions.loadAuthorizationRequest(request);
	}

	/**
	 * The attribute holding the session's pending sign-in of this state; null if none.
	 */
	private static String slotOf(HttpSession session, String state) {
		if (session == null || state == null) {
			return null;
		}
		for (int i = 0; i < MAX_PENDING; i++) {
			if (session.getAttribute(SLOT + i) instanceof OAuth2AuthorizationRequest pending
					&& state.equals(pending.getState())) {
				return SLOT + i;
			}
		}
		return null;
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		this.sessions.saveAuthorizationRequest(authorizationRequest, request, response);
		if (authorizationRequest == null) {
			return;
		}
		HttpSession session = request.getSession();
		String free = IntStream.range(0, MAX_PENDING)
			.mapToObj((i) -> SLOT + i)
			.filter((slot) -> session.getAttribute(slot) == null)
			.findFirst()
			.orElse(null);
		if (free == null) {
			// no one signs in in that many tabs at once: sign-ins given up on
			IntStream.range(1, MAX_PENDING).forEach((i) -> session.removeAttribute(SLOT + i));
			free = SLOT + 0;
		}
		session.setAttribute(free, authorizationRequest);
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		// the framework would take a repeated one's first value (RFC 6749
		// §3.1 sends none twice): refused before the sign-in is consumed, so
		// the real answer still completes it
		for (String name : RESPONSE_PARAMETERS) {
			String[] values = request.getParameterValues(name);
			if (values != null && values.length > 1) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, REPEATED, null));
			}
		}
		OAuth2AuthorizationRequest removed = loadAuthorizationRequest(request);
		if (removed == null || !this.claims.putIfAbsent("sign-in:claimed:" + TokenHashes.hash(removed.getState()), "",
				CLAIMED_FOR)) {
			return null;
		}
		String slot = slotOf(request.getSession(false), removed.getState());
		if (slot != null) {
			request.getSession().removeAttribute(slot);
		}
		// Spring's slot only when it holds this one (its load compares the state)
		if (this.sessions.loadAuthorizationRequest(request) != null) {
			this.sessions.removeAuthorizationRequest(request, response);
		}
		request.setAttribute(CONSUMED, removed);
		return removed;
	}

}
