package com.defernowork.gateway.auth.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.token.ClientTokenSettings;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Turns validated metadata into a registered client (PKCE and consent required, refresh
 * tokens allowed, the configured token settings; {@link NewClients unclaimed} until
 * someone signs in for it) and back into the RFC 7591 / 7592 response. Secrets and the
 * registration access token are shown once and stored only as hashes.
 */
@Component
final class DynamicClients {

	private final RegisteredClientRepository clients;

	private final ClientTokenSettings tokenSettings;

	private final JsonMapper json;

	private final ClientSecretEncoder secretEncoder;

	private final StringKeyGenerator random = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 32);

	private final ApplicationEventPublisher events;

	DynamicClients(RegisteredClientRepository clients, ClientTokenSettings tokenSettings, JsonMapper json,
			ClientSecretEncoder secretEncoder, ApplicationEventPublisher events) {
		this.events = events;
		this.clients = clients;
		this.secretEncoder = secretEncoder;
		this.tokenSettings = tokenSettings;
		this.json = json;
	}

	/**
	 * Registers the client; the answer holds the secret (if any) and registration access
	 * token in clear.
	 */
	Map<String, Object> register(ClientMetadata metadata, String registrationClientUri) {
		String clientId = this.random.generateKey().substring(0, 32);
		String registrationToken = this.random.generateKey();
		String secret = metadata.isPublic() ? null : this.random.generateKey();
		Instant issuedAt = Instant.now();
		Map<String, Object> echo = echo(metadata);
		RegisteredClient.Builder client = metadata.toClient(UUID.randomUUID().toString(), clientId,
				(metadata.clientName() != null) ? metadata.clientName() : GatewayClientSettings.UNNAMED,
				Map.of(GatewayClientSettings.REGISTRATION_TOKEN_HASH, hash(registrationToken),
						GatewayClientSettings.METADATA, this.json.writeValueAsString(echo), NewClients.SETTING, true))
			.clientIdIssuedAt(issuedAt)
			.tokenSettings(this.tokenSettings.build());
		if (secret != null) {
			// 256 random bits: stored as a fast hash (ClientSecretEncoder)
			client.clientSecret(this.secretEncoder.encode(secret));
		}
		this.clients.save(client.build());
		this.events.publishEvent(AuditEvent.of(AuditEvent.CLIENT_REGISTERED, null, clientId)
			.with("kind", "dcr")
			.with("client_name", metadata.clientName()));

		return response(clientId, issuedAt, secret, echo, registrationClientUri, registrationToken);
	}

	/**
	 * RFC 7592 read: the registered metadata, if the token is the client's registration
	 * access token.
	 */
	Map<String, Object> read(String clientId, String registrationToken, String registrationClientUri) {
		// no token, nothing to look up (the document of a client_id URL the server keeps
		// would be fetched)
		RegisteredClient client = (StringUtils.hasText(clientId) && registrationToken != null)
				? this.clients.findByClientId(clientId) : null;
		String expected = (client != null)
				? client.getClientSettings().getSetting(GatewayClientSettings.REGISTRATION_TOKEN_HASH) : null;
		if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				hash(registrationToken).getBytes(StandardCharsets.US_ASCII))) {
			return null;
		}
		Map<String, Object> metadata = this.json.readValue(
				(String) client.getClientSettings().getSetting(GatewayClientSettings.METADATA),
				new TypeReference<Map<String, Object>>() {
				});
		return response(clientId, client.getClientIdIssuedAt(), null, metadata, registrationClientUri,
				registrationToken);
	}

	/** RFC 7591 §3.2.1's response, which RFC 7592's read repeats without the secret. */
	private static Map<String, Object> response(String clientId, Instant issuedAt, String secret,
			Map<String, Object> metadata, String registrationClientUri, String registrationToken) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("client_id", clientId);
		response.put("client_id_issued_at", issuedAt.getEpochSecond());
		if (secret != null) {
			response.put("client_secret", secret);
			response.put("client_secret_expires_at", 0);
		}
		response.putAll(metadata);
		response.put("registration_client_uri", registrationClientUri + clientId);
		response.put("registration_access_token", registrationToken);
		return response;
	}

	/** What the response repeats of the request, as registered; never an empty string. */
	private static Map<String, Object> echo(ClientMetadata metadata) {
		Map<String, Object> echo = new LinkedHashMap<>();
		if (metadata.clientName() != null) {
			echo.put("client_name", metadata.clientName());
		}
		echo.put("redirect_uris", metadata.redirectUris());
		echo.put("grant_types", ClientMetadata.GRANT_TYPES);
		echo.put("response_types", List.of("code"));
		echo.put("token_endpoint_auth_method", metadata.tokenEndpointAuthMethod());
		echo.put("scope", String.join(" ", Scopes.all()));
		echo.putAll(metadata.optional());
		return echo;
	}

	private static String hash(String value) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(TokenHashes.sha256(value.getBytes(StandardCharsets.UTF_8)));
	}

}
