package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * The check of a JWT access token, RFC 9068 §4 through Spring Security's own validator:
 * typed {@code at+jwt} (or {@code application/at+jwt}, in any case), from the issuer, for
 * this resource, within its lifetime, with {@code sub}, {@code client_id}, {@code iat}
 * and {@code jti}. Any other {@code typ} is refused, {@code JWT} included: the type is
 * what tells an access token from any other JWT signed with the same key (RFC 8725
 * §3.11), and this authorization server never wrote {@code JWT}. A token without
 * {@code typ}, as earlier authorization servers issued them, passes while the operator
 * accepts them (until those issued before the upgrade have expired). The lifetime allows
 * {@link #CLOCK_SKEW} for the two servers' clocks, not Spring's default minute: an
 * expired token is refused as an introspected one is, at once.
 */
final class AccessTokenProfile {

	private static final String CLIENT_ID = "client_id";

	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	/**
	 * How far ahead of this server's clock a token may say it was issued: the auth server
	 * makes tokens active a minute before they are issued for the same reason, so that a
	 * server whose clock runs behind takes a new token at once.
	 */
	static final Duration ISSUED_SKEW = Duration.ofMinutes(1);

	private static final OAuth2TokenValidator<Jwt> LIFETIME = new DelegatingOAuth2TokenValidator<>(
			new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull), new JwtTimestampValidator(CLOCK_SKEW));

	/**
	 * Present (RFC 9068 §2.2) and not in the future: Spring's profile validator requires
	 * neither.
	 */
	private static final OAuth2TokenValidator<Jwt> ISSUED = new JwtClaimValidator<Instant>(JwtClaimNames.IAT,
			(issued) -> issued != null && !issued.isAfter(Instant.now().plus(ISSUED_SKEW)));

	private static final JwtTypeValidator AT_JWT = new JwtTypeValidator("at+jwt", "application/at+jwt");

	private static final OAuth2TokenValidator<Jwt> HAS_CLIENT_ID = new JwtClaimValidator<Object>(CLIENT_ID,
			(value) -> value instanceof String id && !id.isBlank());

	private AccessTokenProfile() {
	}

	static OAuth2TokenValidator<Jwt> validator(String issuer, String resource, boolean acceptUntyped) {
		return JwtValidators.createAtJwtValidator().issuer(issuer).audience(resource).validators((checks) -> {
			checks.put(JoseHeaderNames.TYP, (jwt) -> type(jwt, acceptUntyped));
			checks.put(JwtClaimNames.EXP, LIFETIME);
			checks.put(JwtClaimNames.IAT, ISSUED);
			checks.put(CLIENT_ID,
					(jwt) -> untyped(jwt) ? OAuth2TokenValidatorResult.success() : HAS_CLIENT_ID.validate(jwt));
		}).build();
	}

	private static OAuth2TokenValidatorResult type(Jwt jwt, boolean acceptUntyped) {
		if (untyped(jwt)) {
			// what earlier auth servers issued (this key signed nothing else)
			return acceptUntyped ? OAuth2TokenValidatorResult.success() : failure("The token has no typ header");
		}
		if (jwt.getHeaders().get(JoseHeaderNames.TYP) instanceof String && !AT_JWT.validate(jwt).hasErrors()) {
			return OAuth2TokenValidatorResult.success();
		}
		return failure("The token's typ header is not at+jwt");
	}

	private static OAuth2TokenValidatorResult failure(String reason) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				reason + ": it is not an access token (RFC 9068)", null));
	}

	private static boolean untyped(Jwt jwt) {
		return !jwt.getHeaders().containsKey(JoseHeaderNames.TYP);
	}

}
