package com.defernowork.gateway.auth.storage.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import com.defernowork.gateway.auth.storage.TokenHashes;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;

/**
 * The introspection answer of each live access token, under its hash, so that an
 * introspection, the call a resource server makes most, costs one GET instead of the
 * index and the grant. Rendered at save by the framework's own provider and converter, it
 * is the framework's answer byte for byte. A record only ever says "active": the store
 * deletes it before the token is invalidated, replaced or removed, even when the save is
 * cut off. Without a record the framework answers from the grant.
 */
final class IntrospectionRecords {

	/** Before the answer: not before, expires at, registered client id. */
	private static final int HEADER_FIELDS = 3;

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final RegisteredClientRepository clients;

	private final HttpMessageConverter<OAuth2TokenIntrospection> converter = new OAuth2TokenIntrospectionHttpMessageConverter();

	IntrospectionRecords(StringRedisTemplate redis, RedisKeys keys, RegisteredClientRepository clients) {
		this.redis = redis;
		this.keys = keys;
		this.clients = clients;
	}

	/** Null when there is none or it cannot be read. */
	Answer find(String token) {
		String stored = this.redis.opsForValue().get(this.keys.introspection(TokenHashes.hash(token)));
		int newline = (stored != null) ? stored.indexOf('\n') : -1;
		if (newline < 0) {
			return null;
		}
		String[] header = stored.substring(0, newline).split("\\|", HEADER_FIELDS);
		try {
			Instant expiresAt = (header.length == HEADER_FIELDS) ? TokenIndexEntry.instant(header[1]) : null;
			return (expiresAt != null) ? new Answer(TokenIndexEntry.instant(header[0]), expiresAt, header[2],
					stored.substring(newline + 1)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Only for an access token the framework calls active now. */
	void record(OAuth2Authorization authorization, String hash, Instant now) {
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (access == null || !access.isActive() || access.getToken().getExpiresAt() == null
				|| authorization.getRegisteredClientId().indexOf('\n') >= 0) {
			return;
		}
		Duration left = Duration.between(now, access.getToken().getExpiresAt());
		String body = (left.isNegative() || left.isZero()) ? null : render(authorization);
		if (body == null) {
			return;
		}
		Instant notBefore = (access.getClaims() != null)
				? notBefore(access.getClaims().get(OAuth2TokenIntrospectionClaimNames.NBF)) : null;
		String value = String.join("|", TokenIndexEntry.millis(notBefore),
				TokenIndexEntry.millis(access.getToken().getExpiresAt()), authorization.getRegisteredClientId()) + "\n"
				+ body;
		this.redis.opsForValue().set(this.keys.introspection(hash), value, left);
	}

	/** None of the hashes need be an access token's. */
	void forget(Collection<String> hashes) {
		if (!hashes.isEmpty()) {
			this.redis.delete(hashes.stream().map(this.keys::introspection).toList());
		}
	}

	/** As the framework's introspection endpoint writes it. */
	private String render(OAuth2Authorization authorization) {
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		if (client == null) {
			return null;
		}
		String token = authorization.getAccessToken().getToken().getTokenValue();
		OAuth2TokenIntrospectionAuthenticationProvider provider = new OAuth2TokenIntrospectionAuthenticationProvider(
				this.clients, new InMemoryOAuth2AuthorizationService(List.of(authorization)));
		// the asking client is not part of the answer; the provider only needs one that
		// is authenticated
		OAuth2ClientAuthenticationToken asking = new OAuth2ClientAuthenticationToken(client,
				ClientAuthenticationMethod.NONE, null);
		OAuth2TokenIntrospectionAuthenticationToken answer = (OAuth2TokenIntrospectionAuthenticationToken) provider
			.authenticate(new OAuth2TokenIntrospectionAuthenticationToken(token, asking, null, null));
		OAuth2TokenIntrospection claims = answer.getTokenClaims();
		if (!claims.isActive()) {
			return null;
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			this.converter.write(claims, null, new Buffer(body, new HttpHeaders()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return body.toString(StandardCharsets.UTF_8);
	}

	private static Instant notBefore(Object claim) {
		if (claim instanceof Instant instant) {
			return instant;
		}
		return (claim instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue()) : null;
	}

	/**
	 * Active from {@code notBefore} (if any) until {@code expiresAt}, while its client
	 * exists.
	 */
	record Answer(Instant notBefore, Instant expiresAt, String registeredClientId, String body) {

		boolean isActiveAt(Instant now) {
			return (this.notBefore == null || !now.isBefore(this.notBefore)) && now.isBefore(this.expiresAt);
		}
	}

	/** For the framework's converter to write into. */
	private record Buffer(OutputStream getBody, HttpHeaders getHeaders) implements HttpOutputMessage {
	}

}
