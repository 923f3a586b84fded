package com.defernowork.gateway.auth.cimd;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.registration.ClientMetadata;
import com.defernowork.gateway.auth.registration.InvalidRegistrationException;
import com.defernowork.gateway.web.json.JsonRefusals;
import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * A validated Client ID Metadata Document: its {@code client_id} is the URL it was
 * fetched from, byte for byte; it holds no secret and names no shared-secret
 * authentication method; {@code redirect_uris}, names and URIs obey the rules of dynamic
 * registration ({@link ClientMetadata}). Clients are public ({@code none}):
 * {@code private_key_jwt} is refused, as this server advertises no such method and
 * fetching a client's {@code jwks_uri} would be a second request a client could aim
 * anywhere.
 *
 * @param url where the document lives, which is the client's id
 * @param metadata the client metadata, validated
 * @param json the document as fetched, kept for the cache
 */
public record ClientDocument(ClientIdUrl url, ClientMetadata metadata, String json) {

	private static final Logger logger = LoggerFactory.getLogger(ClientDocument.class);

	/** How much of a document's own words the log quotes. */
	private static final int MAX_LOGGED = 300;

	private static final Set<String> SHARED_SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post",
			"client_secret_jwt");

	private static final TypeReference<LinkedHashMap<String, Object>> MEMBERS = new TypeReference<>() {
	};

	private static final JsonMapper strictJson = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** The name the document gives, or its host when it gives none. */
	public String clientName() {
		return (this.metadata.clientName() != null) ? this.metadata.clientName() : this.url.host();
	}

	/**
	 * The client as the authorization server works with it: its id and client id are the
	 * URL; public; PKCE and consent required; the grants and scopes of a dynamically
	 * registered client. Redirect URIs are matched exactly, loopback ones on any port
	 * (RFC 8252 §7.3), like every client's.
	 */
	public RegisteredClient toRegisteredClient(TokenSettings tokenSettings) {
		return this.metadata
			.toClient(this.url.value(), this.url.value(), clientName(),
					Map.of(GatewayClientSettings.VERIFIED_ORIGIN, this.url.host()))
			.tokenSettings(tokenSettings)
			.build();
	}

	static ClientDocument parse(ClientIdUrl url, String json) {
		Map<String, Object> members = members(json);
		Object clientId = members.get("client_id");
		if (clientId == null) {
			throw ClientDocumentException.invalid("it has no client_id.");
		}
		if (!(clientId instanceof String id)) {
			throw ClientDocumentException.invalid("its client_id is not a string.");
		}
		if (!id.equals(url.value())) {
			throw refused(url, "its client_id is not the address it was fetched from, " + url.value() + ".",
					"its client_id is " + id);
		}
		if (members.containsKey("client_secret") || members.containsKey("client_secret_expires_at")) {
			throw ClientDocumentException
				.invalid("it contains a client_secret; metadata documents cannot hold secrets.");
		}
		Object method = members.getOrDefault("token_endpoint_auth_method", "none");
		if (SHARED_SECRET_METHODS.contains(method)) {
			throw ClientDocumentException.invalid("token_endpoint_auth_method \"" + method
					+ "\" needs a shared secret, which a metadata document cannot hold; use \"none\".");
		}
		if (!"none".equals(method)) {
			throw refused(url, "its token_endpoint_auth_method is not supported by this server; use \"none\".",
					"its token_endpoint_auth_method is " + method);
		}
		Map<String, Object> registration = new LinkedHashMap<>(members);
		registration.put("token_endpoint_auth_method", "none");
		try {
			return new ClientDocument(url, ClientMetadata.parse(registration), json);
		}
		catch (InvalidRegistrationException ex) {
			throw refused(url, ex.withoutQuotes() + ".", ex.getMessage());
		}
	}

	/**
	 * A refusal whose page does not quote the document: anyone can publish one, and what
	 * it says must not appear on the gateway's own page as if the gateway said it. The
	 * log has the document's words ({@code detail}) for whoever debugs the client.
	 */
	private static ClientDocumentException refused(ClientIdUrl url, String page, String detail) {
		logger.info("Client metadata document {} refused: {}", url.value(), PrintableText.of(detail, MAX_LOGGED));
		return ClientDocumentException.invalid(page);
	}

	static ClientDocument parse(ClientIdUrl url, byte[] json) {
		try {
			return parse(url, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString());
		}
		catch (CharacterCodingException ex) {
			throw ClientDocumentException.invalid("it is not UTF-8 encoded JSON.");
		}
	}

	private static Map<String, Object> members(String json) {
		try {
			Map<String, Object> members = strictJson.readValue(json, MEMBERS);
			if (members == null) {
				throw ClientDocumentException.invalid("it is not a JSON object.");
			}
			return members;
		}
		catch (StreamConstraintsException ex) {
			throw ClientDocumentException
				.invalid("its JSON is nested too deeply, or holds a number or text too long, for this server.");
		}
		catch (JacksonException ex) {
			// strict duplicate detection is the one refusal of valid syntax
			throw ClientDocumentException.invalid(JsonRefusals.repeatedMember(ex).isPresent() ? "it has a member twice."
					: "it is not a JSON object.");
		}
	}

}
