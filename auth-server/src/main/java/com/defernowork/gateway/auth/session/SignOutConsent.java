package com.defernowork.gateway.auth.session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The consent page a sign-out came from by its "Sign in as someone else" form, found by
 * the {@link SignOutState state} it carries: the person's own pending request only, the
 * one the sign-out goes on with (a sign-in again, then that consent asked anew). The
 * sign-out page then says so, and leads back to that consent page rather than to the
 * connected apps.
 */
@Component
public final class SignOutConsent {

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	SignOutConsent(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients) {
		this.authorizations = authorizations;
		this.clients = clients;
	}

	/**
	 * The sign-out page's model: {@code state}, and, for the person's own pending
	 * request, {@code consentPage} (its address), {@code clientName} and {@code named}.
	 */
	public Map<String, Object> model(String state, DefernoUser person) {
		OAuth2Authorization pending = StringUtils.hasText(state)
				? this.authorizations.findByToken(state, TokenTypes.STATE) : null;
		RegisteredClient client = (pending != null && pending.getPrincipalName().equals(person.getName()))
				? this.clients.findById(pending.getRegisteredClientId()) : null;
		if (client == null) {
			return (state != null) ? Map.of("state", state) : Map.of();
		}
		// form-encoded as the consent page reads its query: a client id may be a URL
		String consentPage = "/consent?" + OAuth2ParameterNames.CLIENT_ID + "="
				+ URLEncoder.encode(client.getClientId(), StandardCharsets.UTF_8) + "&" + OAuth2ParameterNames.STATE
				+ "=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
		return Map.of("state", state, "consentPage", consentPage, "clientName", GatewayClientSettings.shownName(client),
				"named", GatewayClientSettings.isNamed(client));
	}

}
