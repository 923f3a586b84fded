package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;

import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Connector {@code oidc}: any OpenID provider for identity (authorization code with PKCE, state and nonce), then
 * Deferno's {@code /internal/mcp-session} mints that person's Deferno token (contract §7.4).
 */
final class OidcConnector implements UpstreamConnector {

	private record Provider(String issuer, String authorizationEndpoint, String tokenEndpoint,
			String userinfoEndpoint, NimbusJwtDecoder idTokens) {
	}

	private final UpstreamHttp http;

	private final DefernoApi deferno;

	private final UpstreamProperties properties;

	private final String callbackUri;

	private volatile Provider provider;

	OidcConnector(UpstreamHttp http, DefernoApi deferno, UpstreamProperties properties, String callbackUri) {
		this.http = http;
		this.deferno = deferno;
		this.properties = properties;
		this.callbackUri = callbackUri;
	}

	@Override
	public URI authorizationUri(PendingLogin login) {
		return UriComponentsBuilder.fromUriString(provider().authorizationEndpoint())
			.queryParam("response_type", "code")
			.queryParam("client_id", this.properties.oidcClientId())
			.queryParam("redirect_uri", this.callbackUri)
			.queryParam("scope", "openid profile email")
			.queryParam("state", login.state())
			.queryParam("nonce", login.nonce())
			.queryParam("code_challenge", login.codeChallenge())
			.queryParam("code_challenge_method", "S256")
			.encode()
			.build()
			.toUri();
	}

	@Override
	public UpstreamSignIn complete(PendingLogin login, String code, RequestingClient client) {
		Provider provider = provider();
		JsonNode tokens = redeem(provider, login, code);
		Jwt idToken = validIdToken(provider, tokens.path("id_token").asString(""), login.nonce());
		String username = idToken.getClaimAsString("preferred_username");
		String accessToken = tokens.path("access_token").asString("");
		if (username == null && provider.userinfoEndpoint() != null && !accessToken.isBlank()) {
			JsonNode userinfo = this.http.call("The identity provider", (rest) -> rest.get()
				.uri(provider.userinfoEndpoint())
				.headers((h) -> h.setBearerAuth(accessToken)));
			username = userinfo.path("preferred_username").asString(userinfo.path("email").asString(null));
		}
		if (username == null) {
			username = idToken.getSubject();
		}
		String token = this.deferno.mcpSession(this.properties.internalSharedSecret(), idToken.getSubject(), username,
				client);
		DefernoUser user = this.deferno.me(token);
		return new UpstreamSignIn(user, new DefernoCredential(token, null));
	}

	private JsonNode redeem(Provider provider, PendingLogin login, String code) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", this.callbackUri);
		form.add("code_verifier", login.codeVerifier());
		form.add("client_id", this.properties.oidcClientId());
		String secret = this.properties.oidcClientSecret();
		return this.http.call("The identity provider", (rest) -> rest.post()
			.uri(provider.tokenEndpoint())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.headers((h) -> {
				if (secret != null && !secret.isBlank()) {
					h.setBasicAuth(this.properties.oidcClientId(), secret);
				}
			})
			.body(form));
	}

	private Jwt validIdToken(Provider provider, String idToken, String nonce) {
		if (idToken.isBlank()) {
			throw new UpstreamRejectedException(400, "invalid_id_token", "The identity provider sent no ID token");
		}
		Jwt jwt;
		try {
			jwt = provider.idTokens().decode(idToken);
		}
		catch (JwtException ex) {
			throw new UpstreamRejectedException(400, "invalid_id_token",
					"The identity provider's ID token is not valid: " + ex.getMessage());
		}
		if (!nonce.equals(jwt.getClaimAsString("nonce"))) {
			throw new UpstreamRejectedException(400, "invalid_id_token",
					"The identity provider's ID token does not carry this sign-in's nonce");
		}
		return jwt;
	}

	private Provider provider() {
		Provider current = this.provider;
		if (current == null) {
			current = discover();
			this.provider = current;
		}
		return current;
	}

	private Provider discover() {
		String issuer = this.properties.oidcIssuer();
		JsonNode metadata = this.http.call("The identity provider",
				(rest) -> rest.get().uri(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration"));
		String jwks = metadata.path("jwks_uri").asString("");
		String authorization = metadata.path("authorization_endpoint").asString("");
		String token = metadata.path("token_endpoint").asString("");
		if (jwks.isBlank() || authorization.isBlank() || token.isBlank()) {
			throw new UpstreamUnavailableException("The identity provider's discovery document is incomplete", false,
					null);
		}
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
		factory.setConnectTimeout(this.properties.connectTimeout());
		factory.setReadTimeout(this.properties.readTimeout());
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwks)
			.restOperations(new RestTemplate(factory))
			.build();
		String metadataIssuer = metadata.path("issuer").asString(issuer);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(metadataIssuer),
				(jwt) -> audienceValid(jwt) ? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null))));
		String userinfo = metadata.path("userinfo_endpoint").asString("");
		return new Provider(metadataIssuer, authorization, token, userinfo.isBlank() ? null : userinfo, decoder);
	}

	private boolean audienceValid(Jwt jwt) {
		List<String> audience = jwt.getAudience();
		return audience != null && audience.contains(this.properties.oidcClientId());
	}

}
