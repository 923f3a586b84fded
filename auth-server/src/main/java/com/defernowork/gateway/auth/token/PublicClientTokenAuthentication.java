package com.defernowork.gateway.auth.token;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.StaticClients;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Client authentication of public ({@code none}) clients by {@code client_id} alone
 * wherever the framework has none: a refresh, revocation of their own tokens, and every
 * other request, which is then refused for what it is (e.g.
 * {@code unsupported_grant_type}, a missing {@code grant_type}) rather than as a client
 * that did not identify itself. The code exchange keeps the framework's PKCE-based
 * authentication. An unknown client id is 401 {@code invalid_client}, which makes MCP
 * clients register again.
 * <p>
 * Every client authentication also hands the grant providers the client with today's
 * token settings, so a restart with another {@code AUTH_TOKEN_FORMAT} or TTL takes effect
 * for every stored registration.
 */
@Component
final class PublicClientTokenAuthentication
		implements AuthenticationConverter, AuthenticationProvider, AuthorizationServerCustomizer {

	private final RegisteredClientRepository clients;

	private final ClientTokenSettings tokenSettings;

	private final OAuth2AuthorizationService authorizations;

	PublicClientTokenAuthentication(RegisteredClientRepository clients, ClientTokenSettings tokenSettings,
			OAuth2AuthorizationService authorizations) {
		this.clients = clients;
		this.tokenSettings = tokenSettings;
		this.authorizations = authorizations;
	}

	/**
	 * Also: malformed requests are refused first ({@link ClientRequestForm}), a refused
	 * code says what is wrong with it ({@link CodeCheckErrors}), and failures are
	 * answered with their challenge ({@link ClientAuthenticationFailure}).
	 */
	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer
			.clientAuthentication((authentication) -> authentication.authenticationConverter(new ClientRequestForm())
				.authenticationConverter(this)
				.errorResponseHandler(new ClientAuthenticationFailure())
				.authenticationProviders((providers) -> {
					providers.addFirst(this);
					providers.replaceAll(this::withCurrentTokenSettings);
					providers.replaceAll((provider) -> new CodeCheckErrors(provider, this.authorizations));
				}));
	}

	private AuthenticationProvider withCurrentTokenSettings(AuthenticationProvider provider) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				return current(provider.authenticate(authentication));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return provider.supports(authentication);
			}

		};
	}

	private Authentication current(Authentication result) {
		if (!(result instanceof OAuth2ClientAuthenticationToken client) || client.getRegisteredClient() == null
				|| StaticClients.isStatic(client.getRegisteredClient())) {
			return result;
		}
		RegisteredClient current = RegisteredClient.from(client.getRegisteredClient())
			.tokenSettings(this.tokenSettings.build())
			.build();
		OAuth2ClientAuthenticationToken updated = new OAuth2ClientAuthenticationToken(current,
				client.getClientAuthenticationMethod(), client.getCredentials());
		updated.setDetails(client.getDetails());
		return updated;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		// an empty parameter counts as omitted (RFC 6749 §3.1)
		if (!HttpMethod.POST.matches(request.getMethod()) || !StringUtils.hasText(clientId)
				|| BasicCredentials.isBasic(request.getHeader(HttpHeaders.AUTHORIZATION))
				|| StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CLIENT_SECRET))
				|| StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION))
				|| StringUtils.hasLength(request.getParameter(PkceParameterNames.CODE_VERIFIER))) {
			return null;
		}
		Map<String, Object> parameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
				parameters.put(name, (values.length == 1) ? values[0] : values);
			}
		});
		return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, parameters);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		// the code exchange is the framework's public client authentication's, which
		// verifies PKCE: authenticated here, the code would be redeemed without it
		if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())
				|| request.getAdditionalParameters().containsKey(PkceParameterNames.CODE_VERIFIER)
				|| AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
					.equals(request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId((String) request.getPrincipal());
		// one answer for both: nothing tells whether a confidential client's id exists
		if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
			throw invalidClient(ClientAuthenticationFailure.NOT_A_PUBLIC_CLIENT);
		}
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static OAuth2AuthenticationException invalidClient(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
	}

}
