package com.defernowork.gateway.auth.token;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.model.exchange.IntrospectionClaims;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimNames;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.stereotype.Component;

/**
 * RFC 8707 for access tokens of the authorization code grant and its refreshes:
 * {@code aud} is the resource bound at the authorization endpoint (the default one when
 * none was named). A token request naming another resource gets {@code invalid_target}.
 * Also adds the Deferno {@code username}, which introspection returns.
 */
@Component
final class ResourceBinding {

	private final AllowedResources resources;

	ResourceBinding(AllowedResources resources) {
		this.resources = resources;
	}

	/**
	 * Sets {@code aud} and {@code username} through the token's claims, whichever kind of
	 * builder holds them.
	 */
	void bind(OAuth2TokenContext context, Consumer<Consumer<Map<String, Object>>> claims) {
		OAuth2Authorization authorization = context.getAuthorization();
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType()) || authorization == null) {
			return;
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request == null) {
			// not an authorization code grant (e.g. client credentials, token exchange):
			// not ours to bind
			return;
		}
		String bound = AllowedResources.single(request.getAdditionalParameters().get(AllowedResources.PARAMETER))
			.flatMap(this.resources::resolve)
			.orElseThrow(() -> invalidTarget("The resource this grant was bound to is no longer served"));
		if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
			Object requested = grant.getAdditionalParameters().get(AllowedResources.PARAMETER);
			// sent without a value: as if omitted (RFC 6749 section 3.2)
			if (requested != null && !"".equals(requested)) {
				String asked = AllowedResources.single(requested).orElse(null);
				String resolved = (asked != null) ? this.resources.resolve(asked).orElse(null) : null;
				if (asked != null && resolved == null) {
					// relative, with a fragment, or another server's (RFC 8707 section 2)
					throw invalidTarget("The resource '" + asked + "' is not served by this authorization server; "
							+ "this grant's is " + bound);
				}
				if (!bound.equals(resolved)) {
					throw invalidTarget("The resource must be the one authorized: " + bound);
				}
			}
		}
		String username = (context.getPrincipal() instanceof DefernoAuthenticationToken user)
				? user.getPrincipal().username() : null;
		claims.accept((values) -> {
			values.put(OAuth2TokenClaimNames.AUD, List.of(bound));
			if (username != null) {
				values.put(IntrospectionClaims.USERNAME, username);
			}
		});
	}

	private static OAuth2AuthenticationException invalidTarget(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(AllowedResources.INVALID_TARGET, description, null));
	}

}
