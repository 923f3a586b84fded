package com.defernowork.gateway.auth.upstream;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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
 * completes its own (Spring's store keeps one). The latest is kept in Spring's slot,
 * which servers of the previous version read during a rolling upgrade, the earlier ones
 * in slots of their own, each once. The one a callback consumes is also kept in the
 * request: the success and failure handlers run after its removal, and must answer the
 * MCP client that started that sign-in, not the session's last saved request.
 */
final class PendingSignIns implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	private static final String CONSUMED = PendingSignIns.class.getName() + ".CONSUMED";

	/**
	 * Session attribute of an earlier pending sign-in: this, then its slot. A fixed few
	 * names: the Redis session store leaves a removed attribute's field behind.
	 */
	private static final String SLOT = PendingSignIns.class.getName() + ".slot.";

	/** Spring's slot, holding the latest pending sign-in. */
	static final String LATEST = HttpSessionOAuth2AuthorizationRequestRepository.class.getName()
			+ ".AUTHORIZATION_REQUEST";

	static final int MAX_PENDING = 5;

	private static final RequestCache SAVED_REQUESTS = new HttpSessionRequestCache();

	/** The description of an answer that names one of its parameters twice. */
	static final String REPEATED = "An authorization response parameter is repeated";

	private static final List<String> RESPONSE_PARAMETERS = List.of(OAuth2ParameterNames.CODE,
			OAuth2ParameterNames.STATE, OAuth2ParameterNames.ERROR, OAuth2ParameterNames.ERROR_DESCRIPTION, "iss");

	/** How long a consumed state stays claimed: far beyond two loads of one callback. */
	private static final Duration CLAIMED_FOR = Duration.ofMinutes(10);

	private final HttpSessionOAuth2AuthorizationRequestRepository sessions = new HttpSessionOAuth2AuthorizationRequestRepository();

	private final KeyValueStore claims;

	/**
	 * @param claims where a callback claims its sign-in's state: the session's removal is
	 * written only when the request ends, so two loads of one callback at once (a reload,
	 * a double click) would both find it and spend Deferno's code twice
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
		List<String> slots = slotsOf(request.getSession(false), request.getParameter(OAuth2ParameterNames.STATE));
		return slots.isEmpty() ? null : (OAuth2AuthorizationRequest) request.getSession().getAttribute(slots.get(0));
	}

	/**
	 * The attributes holding the session's pending sign-in of this state, Spring's slot
	 * first: one, or two where a server of the previous version wrote it.
	 */
	private static List<String> slotsOf(HttpSession session, String state) {
		if (session == null || state == null) {
			return List.of();
		}
		return Stream.concat(Stream.of(LATEST), earlierSlots())
			.filter((slot) -> session.getAttribute(slot) instanceof OAuth2AuthorizationRequest pending
					&& state.equals(pending.getState()))
			.toList();
	}

	private static Stream<String> earlierSlots() {
		return IntStream.range(0, MAX_PENDING - 1).mapToObj((i) -> SLOT + i);
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			this.sessions.saveAuthorizationRequest(null, request, response);
			return;
		}
		HttpSession session = request.getSession();
		if (session.getAttribute(LATEST) instanceof OAuth2AuthorizationRequest earlier
				&& slotsOf(session, earlier.getState()).size() == 1) {
			// still pending, and in Spring's slot alone: given a slot of its own
			String free = earlierSlots().filter((slot) -> session.getAttribute(slot) == null).findFirst().orElse(null);
			if (free == null) {
				// no one signs in in that many tabs at once: sign-ins given up on
				earlierSlots().skip(1).forEach(session::removeAttribute);
				free = SLOT + 0;
			}
			session.setAttribute(free, earlier);
		}
		session.setAttribute(LATEST, authorizationRequest);
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
		slotsOf(request.getSession(false), removed.getState()).forEach(request.getSession()::removeAttribute);
		request.setAttribute(CONSUMED, removed);
		return removed;
	}

}
