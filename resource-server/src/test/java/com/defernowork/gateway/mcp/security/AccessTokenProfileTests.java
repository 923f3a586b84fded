package com.defernowork.gateway.mcp.security;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The RFC 9068 profile on tokens as decoded, with and without the untyped tokens of
 * earlier authorization servers.
 */
class AccessTokenProfileTests {

	private static final String ISSUER = "https://auth.example.test";

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private static Jwt token(UnaryOperator<Jwt.Builder> change) {
		Instant now = Instant.now();
		return change
			.apply(Jwt.withTokenValue("token")
				.header("alg", "RS256")
				.issuer(ISSUER)
				.audience(List.of(RESOURCE))
				.subject("u-alice")
				.claim("client_id", "client-1")
				.jti("jti-1")
				.issuedAt(now.minusSeconds(10))
				.expiresAt(now.plusSeconds(600)))
			.build();
	}

	private static OAuth2TokenValidatorResult validate(Jwt jwt, boolean acceptUntyped) {
		return AccessTokenProfile.validator(ISSUER, RESOURCE, acceptUntyped).validate(jwt);
	}

	@Test
	void validateWhenTypedAtJwtThenValidWhateverUntypedTokensAre() {
		Jwt typed = token((jwt) -> jwt.header("typ", "at+jwt"));
		assertThat(validate(typed, true).hasErrors()).isFalse();
		assertThat(validate(typed, false).hasErrors()).isFalse();
	}

	@Test
	void validateWhenUntypedThenValidOnlyWhileAccepted() {
		// an earlier authorization server's token: no typ and no client_id
		Jwt untyped = token((jwt) -> jwt.claims((claims) -> claims.remove("client_id")));
		assertThat(validate(untyped, true).hasErrors()).isFalse();
		assertThat(validate(untyped, false).getErrors())
			.extracting(OAuth2Error::getErrorCode, OAuth2Error::getDescription)
			.containsExactly(
					tuple("invalid_token", "The token has no typ header: it is not an access token (RFC 9068)"));
	}

	@Test
	void validateWhenTypedJwtThenRefusedEvenWhileUntypedAreAccepted() {
		Jwt jwtTyped = token((jwt) -> jwt.header("typ", "JWT"));
		assertThat(validate(jwtTyped, true).getErrors()).extracting(OAuth2Error::getDescription)
			.containsExactly("The token's typ header is not at+jwt: it is not an access token (RFC 9068)");
	}

	@Test
	void validateWhenExpiredBeyondTheClockSkewThenRefusedWithoutSpringsMinute() {
		Instant now = Instant.now();
		Jwt justExpired = token(
				(jwt) -> jwt.header("typ", "at+jwt").issuedAt(now.minusSeconds(60)).expiresAt(now.minusSeconds(2)));
		Jwt expired = token(
				(jwt) -> jwt.header("typ", "at+jwt").issuedAt(now.minusSeconds(60)).expiresAt(now.minusSeconds(20)));
		Jwt withoutExp = token((jwt) -> jwt.header("typ", "at+jwt").claims((claims) -> claims.remove("exp")));
		assertThat(validate(justExpired, false).hasErrors()).as("within %s", AccessTokenProfile.CLOCK_SKEW).isFalse();
		assertThat(validate(expired, false).getErrors()).extracting(OAuth2Error::getDescription)
			.anySatisfy((description) -> assertThat(description).startsWith("Jwt expired at"));
		assertThat(validate(withoutExp, false).hasErrors()).isTrue();
	}

	@Test
	void validateWhenIssuedAtMissingOrInTheFutureThenRefused() {
		Instant now = Instant.now();
		Jwt withoutIat = token((jwt) -> jwt.header("typ", "at+jwt").claims((claims) -> claims.remove("iat")));
		Jwt future = token(
				(jwt) -> jwt.header("typ", "at+jwt").issuedAt(now.plusSeconds(90)).expiresAt(now.plusSeconds(600)));
		// the auth server's clock 8 s ahead of this one's, its nbf a minute before iat
		Jwt withinSkew = token((jwt) -> jwt.header("typ", "at+jwt")
			.issuedAt(now.plusSeconds(8))
			.notBefore(now.minusSeconds(52))
			.expiresAt(now.plusSeconds(600)));
		assertThat(validate(withoutIat, true).hasErrors()).isTrue();
		assertThat(validate(future, true).hasErrors()).isTrue();
		assertThat(validate(withinSkew, true).hasErrors()).as("within %s", AccessTokenProfile.ISSUED_SKEW).isFalse();
	}

}
