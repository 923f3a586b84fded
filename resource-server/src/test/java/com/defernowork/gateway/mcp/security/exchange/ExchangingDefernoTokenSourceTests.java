package com.defernowork.gateway.mcp.security.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExchangingDefernoTokenSourceTests {

	private final WireMockServer authServer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private ExchangingDefernoTokenSource source;

	@BeforeEach
	void start() {
		this.authServer.start();
		McpSecurityProperties properties = new McpSecurityProperties("https://mcp.example.test",
				"http://localhost:9000", this.authServer.baseUrl(), "rs", "secret",
				McpSecurityProperties.TokenFormat.OPAQUE, new McpSecurityProperties.Cache(Duration.ofSeconds(60),
						Duration.ofSeconds(5), Duration.ofMinutes(10), 100),
				List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10));
		this.source = new ExchangingDefernoTokenSource(new AuthServerClient(new AuthServerHttp(RestClient.builder(),
				new OutboundHttp(HttpClientSettings.defaults()).requestFactory(Duration.ofSeconds(3), Duration.ofSeconds(10), 2),
				properties), properties),
				properties.cache(), Clock.systemUTC());
	}

	@AfterEach
	void stop() {
		this.authServer.stop();
		SecurityContextHolder.clearContext();
	}

	private void authenticate(String mcpToken, Instant expiresAt) {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, mcpToken,
				Instant.now().minusSeconds(1), expiresAt);
		SecurityContextHolder.getContext()
			.setAuthentication(new BearerTokenAuthentication(
					new DefaultOAuth2AuthenticatedPrincipal("u-alice1", Map.of("sub", "u-alice1"), List.of()), token,
					List.of()));
	}

	private void exchangeAnswers(String defernoToken, int expiresIn) {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/token")).withBasicAuth("rs", "secret")
			.willReturn(okJson("{\"access_token\":\"" + defernoToken + "\",\"issued_token_type\":"
					+ "\"urn:defernowork:params:oauth:token-type:deferno-api-token\",\"token_type\":\"Bearer\","
					+ "\"expires_in\":" + expiresIn + "}")));
	}

	private int exchanges() {
		return this.authServer.countRequestsMatching(postRequestedFor(urlPathEqualTo("/oauth2/token")).build())
			.getCount();
	}

	@Test
	void currentTokenWhenMcpTokenExpiresFirstThenCachedOnlyThatLong() throws Exception {
		exchangeAnswers("dfr-1", 300);
		authenticate("mcp-1", Instant.now().plusMillis(1000));
		assertThat(this.source.currentToken()).isEqualTo("dfr-1");
		assertThat(this.source.currentToken()).isEqualTo("dfr-1");
		assertThat(exchanges()).isEqualTo(1);
		Thread.sleep(1300);
		this.source.currentToken();
		assertThat(exchanges()).isEqualTo(2);
	}

	@Test
	void currentTokenWhenDefernoTokenExpiresFirstThenCachedOnlyThatLong() throws Exception {
		exchangeAnswers("dfr-2", 1);
		authenticate("mcp-2", Instant.now().plusSeconds(3600));
		this.source.currentToken();
		this.source.currentToken();
		assertThat(exchanges()).isEqualTo(1);
		Thread.sleep(1300);
		this.source.currentToken();
		assertThat(exchanges()).isEqualTo(2);
	}

	@Test
	void currentTokenWhenExchangeRefusedThenUnavailableWithReason() {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"invalid_grant\",\"error_description\":\"no Deferno credential\"}")));
		authenticate("mcp-3", Instant.now().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("invalid_grant")
			.withMessageContaining("sign in again");
	}

	@Test
	void currentTokenWhenAuthServerDownThenUnavailableTryAgain() {
		this.authServer.stop();
		authenticate("mcp-4", Instant.now().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("try again");
	}

	@Test
	void currentTokenWhenNoBearerAuthenticationThenUnavailable() {
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("no MCP access token");
	}

}
