package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.config.NewClients;

import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The framework's token generators, plus: an {@link NewClients unclaimed} client's first
 * access token saves it as claimed, so that from then on it is reaped only when idle.
 * This runs before the grant is saved: a store that cannot take the client fails the
 * request (503 while Redis is away) and leaves the code unused for the client's retry.
 */
final class ClientsKeptOnFirstToken implements OAuth2TokenGenerator<OAuth2Token> {

	private final OAuth2TokenGenerator<OAuth2Token> generator;

	private final RegisteredClientRepository clients;

	ClientsKeptOnFirstToken(OAuth2TokenGenerator<OAuth2Token> generator, RegisteredClientRepository clients) {
		this.generator = generator;
		this.clients = clients;
	}

	@Override
	public OAuth2Token generate(OAuth2TokenContext context) {
		OAuth2Token token = this.generator.generate(context);
		RegisteredClient client = context.getRegisteredClient();
		if (token != null && OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
				&& NewClients.isUnclaimed(client)) {
			this.clients.save(NewClients.claimed(client));
		}
		return token;
	}

}
