package com.defernowork.gateway.auth.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.defernowork.gateway.auth.audit.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An access token made while answering a token request is audited once the token endpoint
 * answers with it, not when it is made: a request that fails after the token was made
 * (its grant could not be saved) leaves no {@code token.issued} line.
 */
class IssuedTokensTests {

	private static final RegisteredClient CLIENT = RegisteredClient.withId("1")
		.clientId("client-a")
		.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("http://127.0.0.1/cb")
		.build();

	private final List<Object> published = new ArrayList<>();

	private final OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "opaque",
			Instant.now(), Instant.now().plusSeconds(300), Set.of("tasks:read"));

	private final IssuedTokens issuedTokens = new IssuedTokens((context) -> this.token, this.published::add);

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");

	@AfterEach
	void clearRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void tokenMadeInARequestIsReportedWhenTheEndpointAnswersWithIt() throws Exception {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
		OAuth2Token made = this.issuedTokens.generate(context(AuthorizationGrantType.AUTHORIZATION_CODE));
		assertThat(made).isSameAs(this.token);
		assertThat(this.published).isEmpty();

		MockHttpServletResponse response = new MockHttpServletResponse();
		this.issuedTokens.onAuthenticationSuccess(this.request, response,
				new OAuth2AccessTokenAuthenticationToken(CLIENT,
						new OAuth2ClientAuthenticationToken(CLIENT, ClientAuthenticationMethod.NONE, null),
						this.token));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).contains("\"access_token\":\"opaque\"");
		assertThat(this.published).singleElement()
			.isEqualTo(AuditEvent.of(AuditEvent.TOKEN_ISSUED, "alice", "client-a")
				.with("grant_type", "authorization_code")
				.with("scope", "tasks:read"));

		this.issuedTokens.onAuthenticationSuccess(this.request, new MockHttpServletResponse(),
				new OAuth2AccessTokenAuthenticationToken(CLIENT,
						new OAuth2ClientAuthenticationToken(CLIENT, ClientAuthenticationMethod.NONE, null),
						this.token));
		assertThat(this.published).as("reported once").hasSize(1);
	}

	@Test
	void tokenOfARequestThatFailedAfterwardsIsNotReported() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
		this.issuedTokens.generate(context(AuthorizationGrantType.REFRESH_TOKEN));
		// the grant's save failed: the endpoint answered with an error, not with the
		// token

		assertThat(this.published).isEmpty();
	}

	@Test
	void tokenMadeOutsideARequestIsReportedAtOnce() {
		this.issuedTokens.generate(context(AuthorizationGrantType.REFRESH_TOKEN));

		assertThat(this.published).singleElement()
			.extracting((event) -> ((AuditEvent) event).type())
			.isEqualTo(AuditEvent.TOKEN_REFRESHED);
	}

	private static DefaultOAuth2TokenContext context(AuthorizationGrantType grant) {
		return DefaultOAuth2TokenContext.builder()
			.registeredClient(CLIENT)
			.principal(new TestingAuthenticationToken("alice", null))
			.authorizationGrantType(grant)
			.authorizedScopes(Set.of("tasks:read"))
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.build();
	}

}
