package com.defernowork.gateway.auth.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;
import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Connector {@code oidc}: any OpenID provider for identity (authorization code with PKCE,
 * state and nonce, the ID token checked by Spring Security), then Deferno's
 * {@code /internal/mcp-session} mints the person's Deferno token ({@link DefernoSignIn}).
 * The provider is discovered at the first sign-in, so the server starts without it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(UpstreamConnector.Oidc.class)
class OidcConnectorConfig {

	private static final Logger logger = LoggerFactory.getLogger(OidcConnectorConfig.class);

	private static final String REGISTRATION_ID = "oidc";

	/** Spring Security's code for a user info answer it cannot use. */
	static final String INVALID_USER_INFO = "invalid_user_info_response";

	@Bean
	ClientRegistrationRepository oidcClientRegistrations(RestClient.Builder rest, UpstreamProperties properties,
			AuthProperties auth) {
		Map<String, String> needed = new LinkedHashMap<>();
		needed.put("OIDC_ISSUER (auth.upstream.oidc-issuer)", properties.oidcIssuer());
		needed.put("OIDC_CLIENT_ID (auth.upstream.oidc-client-id)", properties.oidcClientId());
		needed.put("INTERNAL_SHARED_SECRET (auth.upstream.internal-shared-secret)", properties.internalSharedSecret());
		List<String> missing = needed.entrySet()
			.stream()
			.filter((setting) -> !StringUtils.hasText(setting.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		if (!missing.isEmpty()) {
			throw InvalidSettingException.missing(missing, "UPSTREAM_CONNECTOR=oidc");
		}
		// else the first sign-in fails, asking a discovery URL made of it
		Settings.httpUrl(properties.oidcIssuer(), "OIDC_ISSUER (auth.upstream.oidc-issuer)");
		RestClient discovery = rest.build();
		SingletonSupplier<ClientRegistration> registration = SingletonSupplier
			.of(() -> discover(discovery, properties, UpstreamConfig.callbackUri(auth)));
		return (registrationId) -> REGISTRATION_ID.equals(registrationId) ? registration.obtain() : null;
	}

	/**
	 * The provider's configuration, which must name as its issuer the one configured
	 * (OpenID Connect Discovery §4.3; a trailing slash aside): ID tokens are checked
	 * against the discovered issuer, so a document naming another would make this server
	 * accept that issuer's tokens.
	 */
	static ClientRegistration discover(RestClient rest, UpstreamProperties properties, String callbackUri) {
		String issuer = properties.oidcIssuer().replaceAll("/$", "");
		String location = issuer + "/.well-known/openid-configuration";
		try {
			Map<String, Object> metadata = rest.get().uri(location).retrieve().body(new ParameterizedTypeReference<>() {
			});
			Object named = (metadata != null) ? metadata.get("issuer") : null;
			if (!(named instanceof String discovered) || !issuer.equals(discovered.replaceAll("/$", ""))) {
				throw new IllegalStateException(
						"its configuration names the issuer " + PrintableText.of(named, 200) + ", not OIDC_ISSUER "
								+ properties.oidcIssuer() + " (set OIDC_ISSUER to the provider's issuer exactly)");
			}
			boolean secret = StringUtils.hasText(properties.oidcClientSecret());
			return ClientRegistrations.fromOidcConfiguration(metadata)
				.registrationId(REGISTRATION_ID)
				.clientId(properties.oidcClientId())
				.clientSecret(properties.oidcClientSecret())
				.clientAuthenticationMethod(
						secret ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
				.redirectUri(callbackUri)
				.scope("openid", "profile", "email")
				.build();
		}
		catch (RuntimeException ex) {
			// tried again at the next sign-in; until then nobody can sign in
			logger.warn("Discovering the OpenID provider at {} failed: {}", location,
					PrintableText.of(ex.getMessage(), 300));
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
					"The identity provider could not be discovered", null), ex);
		}
	}

	@Bean
	OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> oidcTokenResponseClient(
			RestClient.Builder rest) {
		RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
		tokens.setRestClient(rest
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		return tokens;
	}

	@Bean
	OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(ClientHttpRequestFactory requests,
			ObjectProvider<ObservationRegistry> observations) {
		DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
		userInfo.setRestOperations(restOperations(requests, observations));
		OidcUserService users = new OidcUserService();
		users.setOauth2UserService(userInfo);
		// the ID token usually names the person; ask the user info endpoint only when it
		// does not
		users.setRetrieveUserInfo((request) -> request.getIdToken().getPreferredUsername() == null && StringUtils
			.hasText(request.getClientRegistration().getProviderDetails().getUserInfoEndpoint().getUri()));
		return (request) -> {
			try {
				return users.loadUser(request);
			}
			catch (IllegalArgumentException ex) {
				// Spring makes no user of an empty user info answer: the provider's
				// fault, a page as for any answer of it that cannot be used, not a 500
				throw new OAuth2AuthenticationException(new OAuth2Error(INVALID_USER_INFO,
						"The user info endpoint answered without anything about the person", null), ex);
			}
		};
	}

	/**
	 * Spring's ID token checks (signature, issuer, audience, times), the JWK set fetched
	 * with Boot's HTTP client.
	 */
	@Bean
	JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory(ClientHttpRequestFactory requests,
			ObjectProvider<ObservationRegistry> observations) {
		RestTemplate rest = restOperations(requests, observations);
		Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();
		return (registration) -> decoders.computeIfAbsent(registration.getRegistrationId(), (id) -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
				.restOperations(rest)
				.build();
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
					new OidcIdTokenValidator(registration)));
			return decoder;
		});
	}

	/**
	 * Spring Security's user info and JWK set hooks take {@code RestOperations}: Boot's
	 * HTTP client underneath, observed like Boot's {@code RestClient}s (metrics, and the
	 * trace context carried on).
	 */
	private static RestTemplate restOperations(ClientHttpRequestFactory requests,
			ObjectProvider<ObservationRegistry> observations) {
		RestTemplate rest = new RestTemplate(requests);
		observations.ifAvailable(rest::setObservationRegistry);
		rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
		return rest;
	}

}
