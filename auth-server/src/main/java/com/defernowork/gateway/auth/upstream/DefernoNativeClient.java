package com.defernowork.gateway.auth.upstream;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.util.DigestUtils;
import org.springframework.util.StringUtils;

/**
 * The gateway as a public client of Deferno's native OAuth (connector {@code deferno}):
 * its registration there — configured, or made once and kept — and the code redemption,
 * which Deferno answers with a personal access token in its JSON envelope rather than an
 * OAuth token response. A registration made here is kept once per (Deferno, callback)
 * pair under {@code upstream:native-client:<md5 of the pair>}, without expiry (a public
 * client id is no secret).
 */
final class DefernoNativeClient
		implements ClientRegistrationRepository, OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	private final DefernoApi deferno;

	private final KeyValueStore store;

	private final UpstreamProperties properties;

	private final String callbackUri;

	private final String registrationKey;

	DefernoNativeClient(DefernoApi deferno, KeyValueStore store, UpstreamProperties properties, String callbackUri) {
		this.deferno = deferno;
		this.store = store;
		this.properties = properties;
		this.callbackUri = callbackUri;
		this.registrationKey = "upstream:native-client:" + HexFormat.of()
			.formatHex(DigestUtils
				.md5Digest((properties.defernoBaseUrl() + " " + callbackUri).getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		if (!DefernoAuthenticationToken.REGISTRATION_ID.equals(registrationId)) {
			return null;
		}
		String api = this.properties.defernoBaseUrl();
		return ClientRegistration.withRegistrationId(registrationId)
			.clientId(clientId())
			.clientName(this.properties.clientName())
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(this.callbackUri)
			.authorizationUri(api + "/auth/native/authorize")
			.tokenUri(api + "/auth/native/token")
			.userInfoUri(api + "/auth/me")
			.userNameAttributeName("id")
			.build();
	}

	/**
	 * The name Deferno lists the token under: the gateway's, after the app it was made
	 * for, as every app approved in the browser's sign-in uses it.
	 */
	static String tokenName(String gatewayName, String clientName) {
		return (clientName != null) ? gatewayName + " — signed in for " + clientName : gatewayName;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest grant) {
		OAuth2AuthorizationRequest signIn = grant.getAuthorizationExchange().getAuthorizationRequest();
		String clientName = RequestingClient.of(signIn).clientName();
		PersonalAccessToken token;
		try {
			token = this.deferno.redeem(grant.getAuthorizationExchange().getAuthorizationResponse().getCode(),
					signIn.getAttribute(PkceParameterNames.CODE_VERIFIER), signIn.getClientId(),
					signIn.getRedirectUri(), tokenName(this.properties.clientName(), clientName));
		}
		catch (OAuth2AuthenticationException ex) {
			if (OAuth2ErrorCodes.INVALID_CLIENT.equals(ex.getError().getErrorCode()) && !isConfigured()) {
				// Deferno forgot our registration (e.g. a restarted sandbox): register
				// afresh at the next sign-in, unless another sign-in did already
				this.store.deleteIfValue(this.registrationKey, signIn.getClientId());
			}
			throw ex;
		}
		return OAuth2AccessTokenResponse.withToken(token.token())
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.additionalParameters((token.id() != null) ? Map.of(NativeSignIn.TOKEN_ID, token.id()) : Map.of())
			.build();
	}

	private String clientId() {
		if (isConfigured()) {
			return this.properties.defernoClientId();
		}
		String kept = this.store.get(this.registrationKey);
		if (kept != null) {
			return kept;
		}
		String registered = this.deferno.register(this.properties.clientName(), this.callbackUri);
		if (this.store.putIfAbsent(this.registrationKey, registered, null)) {
			return registered;
		}
		// another sign-in registered at the same time, here or on another instance: all
		// use the one kept (Deferno offers no way to remove the other)
		kept = this.store.get(this.registrationKey);
		return (kept != null) ? kept : registered;
	}

	private boolean isConfigured() {
		return StringUtils.hasText(this.properties.defernoClientId());
	}

}
