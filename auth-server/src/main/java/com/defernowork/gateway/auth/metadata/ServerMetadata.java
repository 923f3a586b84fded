package com.defernowork.gateway.auth.metadata;

import java.util.List;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * What RFC 8414 metadata says beyond the framework's defaults: the registration endpoint
 * (served by our own controller, still what older clients use), Client ID Metadata
 * Document support, {@code none} for public clients, our scopes and RFC 9207 {@code iss}
 * support. It advertises only what works here: the client authentication methods
 * registration accepts, and no certificate-bound (mTLS) or DPoP-bound tokens, which the
 * resource server does not verify.
 */
@Component
public final class ServerMetadata implements AuthorizationServerCustomizer {

	static final String ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

	/** An https URL may be sent as {@code client_id} without registering. */
	static final String CLIENT_ID_METADATA_DOCUMENT_SUPPORTED = "client_id_metadata_document_supported";

	/** What registration accepts, and so the token and revocation endpoints advertise. */
	public static final List<String> CLIENT_AUTHENTICATION_METHODS = List.of(
			ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
			ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(), ClientAuthenticationMethod.NONE.getValue());

	static final List<String> GRANT_TYPES = List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
			AuthorizationGrantType.REFRESH_TOKEN.getValue(), TokenExchange.GRANT_TYPE);

	static final List<String> RESOURCE_SERVER_AUTHENTICATION_METHODS = List.of(
			ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
			ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer.authorizationServerMetadataEndpoint(
				(endpoint) -> endpoint.authorizationServerMetadataCustomizer(ServerMetadata::describe));
	}

	private static void describe(OAuth2AuthorizationServerMetadata.Builder metadata) {
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		metadata.clientRegistrationEndpoint(issuer + "/oauth2/register")
			.tokenEndpointAuthenticationMethods((methods) -> replace(methods, CLIENT_AUTHENTICATION_METHODS))
			.tokenRevocationEndpointAuthenticationMethods((methods) -> replace(methods, CLIENT_AUTHENTICATION_METHODS))
			.tokenIntrospectionEndpointAuthenticationMethods(
					(methods) -> replace(methods, RESOURCE_SERVER_AUTHENTICATION_METHODS))
			.scopes((scopes) -> replace(scopes, Scopes.all()))
			// what some client here may use: no client credentials, no device flow
			.grantTypes((grants) -> replace(grants, GRANT_TYPES))
			.claim(ISS_PARAMETER_SUPPORTED, true)
			.claim(CLIENT_ID_METADATA_DOCUMENT_SUPPORTED, true)
			// unlisted, RFC 8414 §2 would promise fragment too
			.claim("response_modes_supported", List.of("query"))
			.claims((claims) -> {
				claims.remove("tls_client_certificate_bound_access_tokens");
				claims.remove("dpop_signing_alg_values_supported");
			});
	}

	private static void replace(List<String> values, List<String> with) {
		values.clear();
		values.addAll(with);
	}

}
