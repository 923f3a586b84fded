package com.defernowork.gateway.auth.storage.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The endpoint's first provider: answers from the token's live record
 * ({@link IntrospectionRecords}) whose client still exists, written as stored; else the
 * framework's provider reads the grant and decides.
 */
final class RecordedIntrospection
		implements AuthenticationProvider, AuthenticationSuccessHandler, AuthorizationServerCustomizer {

	private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
	};

	private static final List<String> TIMES = List.of(OAuth2TokenIntrospectionClaimNames.EXP,
			OAuth2TokenIntrospectionClaimNames.IAT, OAuth2TokenIntrospectionClaimNames.NBF);

	private final IntrospectionRecords records;

	private final RegisteredClientRepository clients;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpMessageConverter<OAuth2TokenIntrospection> framework = new OAuth2TokenIntrospectionHttpMessageConverter();

	RecordedIntrospection(IntrospectionRecords records, RegisteredClientRepository clients, JsonMapper json,
			Clock clock) {
		this.records = records;
		this.clients = clients;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer.tokenIntrospectionEndpoint(
				(introspect) -> introspect.authenticationProviders((providers) -> providers.add(0, this))
					.introspectionResponseHandler(this));
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken asking) || !asking.isAuthenticated()) {
			// the framework's provider refuses it
			return null;
		}
		IntrospectionRecords.Answer answer = this.records.find(request.getToken());
		if (answer == null || !answer.isActiveAt(this.clock.instant())
				|| this.clients.findById(answer.registeredClientId()) == null) {
			return null;
		}
		try {
			return new Recorded(request.getToken(), asking, claims(this.json.readValue(answer.body(), CLAIMS)),
					answer.body());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			// not an answer this version wrote: the grant decides
			return null;
		}
	}

	/**
	 * As written (scope space-separated, times in epoch seconds) to the framework's
	 * types.
	 */
	private static OAuth2TokenIntrospection claims(Map<String, Object> written) {
		Map<String, Object> claims = new HashMap<>(written);
		if (claims.get(OAuth2TokenIntrospectionClaimNames.SCOPE) instanceof String scope) {
			claims.put(OAuth2TokenIntrospectionClaimNames.SCOPE, List.of(scope.split(" ")));
		}
		for (String time : TIMES) {
			if (claims.get(time) instanceof Number seconds) {
				claims.put(time, Instant.ofEpochSecond(seconds.longValue()));
			}
		}
		return OAuth2TokenIntrospection.withClaims(claims).build();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		if (authentication instanceof Recorded recorded) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getOutputStream().write(recorded.body.getBytes(StandardCharsets.UTF_8));
			return;
		}
		// as the framework's endpoint answers by default
		OAuth2TokenIntrospection claims = ((OAuth2TokenIntrospectionAuthenticationToken) authentication)
			.getTokenClaims();
		this.framework.write(claims, null, new ServletServerHttpResponse(response));
	}

	private static final class Recorded extends OAuth2TokenIntrospectionAuthenticationToken {

		private final String body;

		Recorded(String token, Authentication client, OAuth2TokenIntrospection claims, String body) {
			super(token, client, claims);
			this.body = body;
		}

	}

}
