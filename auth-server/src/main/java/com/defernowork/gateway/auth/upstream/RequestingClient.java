package com.defernowork.gateway.auth.upstream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.util.StringUtils;

/**
 * The MCP client whose authorization request started the sign-in (null fields when there
 * is none). Deferno names the token after it, so it is noted in the pending sign-in when
 * the browser leaves for the upstream.
 */
record RequestingClient(String clientId, String clientName) {

	private static final String CLIENT_ID = "mcp_client_id";

	private static final String CLIENT_NAME = "mcp_client_name";

	static RequestingClient of(OAuth2AuthorizationRequest signIn) {
		return new RequestingClient(signIn.getAttribute(CLIENT_ID), signIn.getAttribute(CLIENT_NAME));
	}

	/**
	 * Spring's authorization request resolver, noting the client of the saved
	 * authorization request.
	 */
	static final class NotingResolver implements OAuth2AuthorizationRequestResolver {

		private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

		private final DefaultOAuth2AuthorizationRequestResolver resolver;

		private final RegisteredClientRepository clients;

		NotingResolver(ClientRegistrationRepository registrations, RegisteredClientRepository clients) {
			this.resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
			this.clients = clients;
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
			SavedRequest saved = this.requests.getRequest(request, null);
			String[] clientIds = (saved != null) ? saved.getParameterValues("client_id") : null;
			RegisteredClient client = (signIn != null && clientIds != null && clientIds.length == 1
					&& StringUtils.hasText(clientIds[0])) ? this.clients.findByClientId(clientIds[0]) : null;
			if (client == null) {
				return signIn;
			}
			return OAuth2AuthorizationRequest.from(signIn).attributes((attributes) -> {
				attributes.put(CLIENT_ID, client.getClientId());
				attributes.put(CLIENT_NAME, client.getClientName());
			}).build();
		}

	}

}
