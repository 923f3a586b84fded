package com.defernowork.gateway.auth.support;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** Confidential clients, authenticated, as the protocol providers receive them. */
public final class TestClients {

	private TestClients() {
	}

	public static RegisteredClient confidential(String id, String clientId) {
		return RegisteredClient.withId(id)
			.clientId(clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://127.0.0.1/cb")
			.build();
	}

	public static OAuth2ClientAuthenticationToken authenticated(RegisteredClient client) {
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "secret");
	}

}
