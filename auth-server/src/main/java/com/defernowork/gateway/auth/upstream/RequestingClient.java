package com.defernowork.gateway.auth.upstream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.config.NamedParameter;

import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The MCP client whose authorization request started the sign-in (null fields when there
 * is none): its id and name, which Deferno names the token after, and the request itself
 * (its address, redirect URI and state), which the sign-in returns to or, when the person
 * cancels, answers. All are noted in the pending sign-in when the browser leaves for the
 * upstream: by the time it comes back, another tab may have saved a request of its own.
 */
record RequestingClient(String clientId, String clientName, String authorizeUrl, String redirectUri, String state) {

	private static final String CLIENT_ID = "mcp_client_id";

	private static final String CLIENT_NAME = "mcp_client_name";

	private static final String AUTHORIZE_URL = "mcp_authorize_url";

	private static final String REDIRECT_URI = "mcp_redirect_uri";

	private static final String STATE = "mcp_state";

	static final RequestingClient NONE = new RequestingClient(null, null, null, null, null);

	static RequestingClient of(OAuth2AuthorizationRequest signIn) {
		return new RequestingClient(signIn.getAttribute(CLIENT_ID), signIn.getAttribute(CLIENT_NAME),
				signIn.getAttribute(AUTHORIZE_URL), signIn.getAttribute(REDIRECT_URI), signIn.getAttribute(STATE));
	}

	/** The client of a saved authorization request, if it is one of a known client. */
	static RequestingClient of(SavedRequest saved, RegisteredClientRepository clients) {
		return (saved != null && "GET".equalsIgnoreCase(saved.getMethod()))
				? ofAuthorizeUrl(saved.getRedirectUrl(), clients) : NONE;
	}

	/**
	 * The client of an authorization request's address, if it is one of a known client.
	 */
	static RequestingClient ofAuthorizeUrl(String authorizeUrl, RegisteredClientRepository clients) {
		UriComponents request = UriComponentsBuilder.fromUriString(authorizeUrl).build();
		if (request.getPath() == null || !request.getPath().endsWith("/oauth2/authorize")) {
			return NONE;
		}
		MultiValueMap<String, String> parameters = request.getQueryParams();
		String clientId = single(parameters, "client_id");
		RegisteredClient client = (clientId != null) ? clients.findByClientId(clientId) : null;
		if (client == null) {
			return NONE;
		}
		return new RequestingClient(client.getClientId(), GatewayClientSettings.shownName(client), authorizeUrl,
				single(parameters, "redirect_uri"), single(parameters, "state"));
	}

	/** As the container reads a query's value. */
	private static String single(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.getOrDefault(name, List.of());
		return NamedParameter.single(values.stream()
			.map((value) -> (value != null) ? URLDecoder.decode(value, StandardCharsets.UTF_8) : "")
			.toArray(String[]::new));
	}

	private OAuth2AuthorizationRequest notedIn(OAuth2AuthorizationRequest signIn) {
		Map<String, String> noted = new HashMap<>();
		noted.put(CLIENT_ID, this.clientId);
		noted.put(CLIENT_NAME, this.clientName);
		noted.put(AUTHORIZE_URL, this.authorizeUrl);
		noted.put(REDIRECT_URI, this.redirectUri);
		noted.put(STATE, this.state);
		noted.values().removeIf(Objects::isNull);
		return OAuth2AuthorizationRequest.from(signIn).attributes((attributes) -> attributes.putAll(noted)).build();
	}

	/**
	 * Spring's authorization request resolver, noting the client of the saved
	 * authorization request (and asking for a {@link FreshSignIn} when one is due).
	 */
	static final class NotingResolver implements OAuth2AuthorizationRequestResolver {

		private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

		private final DefaultOAuth2AuthorizationRequestResolver resolver;

		private final RegisteredClientRepository clients;

		private final WaitingRequests waiting;

		NotingResolver(ClientRegistrationRepository registrations, RegisteredClientRepository clients,
				WaitingRequests waiting) {
			this.resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
			this.clients = clients;
			this.waiting = waiting;
		}

		@Override
		public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
			return note(this.resolver.resolve(request), request);
		}

		@Override
		public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
			return note(this.resolver.resolve(request, registrationId), request);
		}

		private OAuth2AuthorizationRequest note(OAuth2AuthorizationRequest signIn, HttpServletRequest request) {
			// a sign-in starts on GET alone (SignInMethods)
			if (signIn == null || !"GET".equals(request.getMethod())) {
				return null;
			}
			RequestingClient requesting = requesting(request);
			OAuth2AuthorizationRequest fresh = FreshSignIn.applyTo(signIn, request);
			return (requesting.clientId() != null) ? requesting.notedIn(fresh) : fresh;
		}

		/**
		 * The request named by the sign-in's key; without one (a person at
		 * {@code /login}, or a server of the previous version) the session's saved
		 * request. A key that names none (gone after a minute) is no other tab's request.
		 */
		RequestingClient requesting(HttpServletRequest request) {
			String[] keys = request.getParameterValues(WaitingRequests.PARAMETER);
			if (keys == null) {
				return RequestingClient.of(this.requests.getRequest(request, null), this.clients);
			}
			String key = NamedParameter.single(keys);
			String authorizeUrl = (key != null) ? this.waiting.authorizeUrl(key) : null;
			return (authorizeUrl != null) ? RequestingClient.ofAuthorizeUrl(authorizeUrl, this.clients) : NONE;
		}

	}

}
