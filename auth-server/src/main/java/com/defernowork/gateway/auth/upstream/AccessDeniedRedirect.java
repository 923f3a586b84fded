package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.util.Optional;

import com.defernowork.gateway.auth.config.RedirectUris;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * When the person cancels at Deferno, the MCP client that asked gets
 * {@code access_denied} (RFC 6749 §4.1.2.1, with {@code iss} per RFC 9207) — but only at
 * a redirect URI registered for that client, taken from the saved authorization request;
 * otherwise there is nowhere safe to send it.
 */
final class AccessDeniedRedirect {

	private final RegisteredClientRepository clients;

	private final String issuer;

	AccessDeniedRedirect(RegisteredClientRepository clients, String issuer) {
		this.clients = clients;
		this.issuer = issuer;
	}

	Optional<URI> of(SavedRequest saved) {
		if (saved == null || !isAuthorizationRequest(saved)) {
			return Optional.empty();
		}
		String clientId = single(saved, "client_id");
		RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
		if (client == null) {
			return Optional.empty();
		}
		String requested = single(saved, "redirect_uri");
		// the same matching as the authorization endpoint: exact, or any port on a
		// loopback host (RFC 8252 §7.3)
		if (!RedirectUris.matches(client, requested)) {
			return Optional.empty();
		}
		String redirectUri = RedirectUris.resolve(client, requested);
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam("error", "access_denied")
			.queryParam("error_description", "The user declined to sign in at Deferno");
		String state = single(saved, "state");
		if (state != null) {
			target.queryParam("state", state);
		}
		return Optional.of(target.queryParam("iss", this.issuer).encode().build().toUri());
	}

	private static boolean isAuthorizationRequest(SavedRequest saved) {
		return "GET".equalsIgnoreCase(saved.getMethod())
				&& URI.create(saved.getRedirectUrl()).getPath().endsWith("/oauth2/authorize");
	}

	private static String single(SavedRequest saved, String name) {
		String[] values = saved.getParameterValues(name);
		return (values != null && values.length == 1 && !values[0].isBlank()) ? values[0] : null;
	}

}
