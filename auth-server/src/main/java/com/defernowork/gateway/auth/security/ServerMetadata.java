package com.defernowork.gateway.auth.security;

import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * What RFC 8414 metadata says beyond the framework's defaults: the registration endpoint (served by our own
 * controller), {@code none} for public clients, our scopes and RFC 9207 {@code iss} support.
 */
@Component
public final class ServerMetadata {

	static final String ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

	void customize(OAuth2AuthorizationServerMetadata.Builder metadata) {
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		metadata.clientRegistrationEndpoint(issuer + "/oauth2/register")
			.tokenEndpointAuthenticationMethods((methods) -> addOnce(methods, ClientAuthenticationMethod.NONE.getValue()))
			.tokenRevocationEndpointAuthenticationMethods(
					(methods) -> addOnce(methods, ClientAuthenticationMethod.NONE.getValue()))
			.scopes((scopes) -> {
				scopes.clear();
				scopes.addAll(Scopes.all());
			})
			.claim(ISS_PARAMETER_SUPPORTED, true);
	}

	private static void addOnce(java.util.List<String> values, String value) {
		if (!values.contains(value)) {
			values.add(value);
		}
	}

}
