package com.defernowork.gateway.auth.storage.redis;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * {@link RegisteredClient} to and from one JSON document; settings go through
 * {@link StorageJson}'s typing.
 */
final class RegisteredClientJson {

	private final StorageJson json;

	RegisteredClientJson(StorageJson json) {
		this.json = json;
	}

	String write(RegisteredClient client) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("id", client.getId());
		document.put("clientId", client.getClientId());
		document.put("clientIdIssuedAt", client.getClientIdIssuedAt());
		document.put("clientSecret", client.getClientSecret());
		document.put("clientSecretExpiresAt", client.getClientSecretExpiresAt());
		document.put("clientName", client.getClientName());
		document.put("clientAuthenticationMethods",
				values(client.getClientAuthenticationMethods(), ClientAuthenticationMethod::getValue));
		document.put("authorizationGrantTypes",
				values(client.getAuthorizationGrantTypes(), AuthorizationGrantType::getValue));
		document.put("redirectUris", List.copyOf(client.getRedirectUris()));
		document.put("postLogoutRedirectUris", List.copyOf(client.getPostLogoutRedirectUris()));
		document.put("scopes", List.copyOf(client.getScopes()));
		document.put("clientSettings", client.getClientSettings().getSettings());
		document.put("tokenSettings", client.getTokenSettings().getSettings());
		return this.json.writeMap(document);
	}

	@SuppressWarnings("unchecked")
	RegisteredClient read(String stored) {
		Map<String, Object> document = this.json.readMap(stored);
		return RegisteredClient.withId((String) document.get("id"))
			.clientId((String) document.get("clientId"))
			.clientIdIssuedAt((Instant) document.get("clientIdIssuedAt"))
			.clientSecret((String) document.get("clientSecret"))
			.clientSecretExpiresAt((Instant) document.get("clientSecretExpiresAt"))
			.clientName((String) document.get("clientName"))
			.clientAuthenticationMethods((methods) -> {
				strings(document, "clientAuthenticationMethods")
					.forEach((value) -> methods.add(new ClientAuthenticationMethod(value)));
				if (methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
						|| methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
					// a client with a secret sends it either way (RFC 6749 §2.3.1), as
					// registration now records: also one stored before it did
					methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
					methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
				}
			})
			.authorizationGrantTypes((types) -> strings(document, "authorizationGrantTypes")
				.forEach((value) -> types.add(new AuthorizationGrantType(value))))
			.redirectUris((uris) -> uris.addAll(strings(document, "redirectUris")))
			.postLogoutRedirectUris((uris) -> uris.addAll(strings(document, "postLogoutRedirectUris")))
			.scopes((scopes) -> scopes.addAll(strings(document, "scopes")))
			.clientSettings(ClientSettings.withSettings((Map<String, Object>) document.get("clientSettings")).build())
			.tokenSettings(TokenSettings.withSettings((Map<String, Object>) document.get("tokenSettings")).build())
			.build();
	}

	private static <T> List<String> values(Set<T> items, Function<T, String> value) {
		return items.stream().map(value).toList();
	}

	@SuppressWarnings("unchecked")
	private static Collection<String> strings(Map<String, Object> document, String name) {
		return (Collection<String>) document.get(name);
	}

}
