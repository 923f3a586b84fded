package com.defernowork.gateway.mcp.security.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.mcp.security.TokenAnswerCache;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.testsupport.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

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

	private final MutableClock clock = MutableClock.now();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private McpSecurityProperties properties;

	private AuthServerClient client;

	/**
	 * Exchanges run on the calling thread: every step sees the cache as the previous one
	 * left it.
	 */
	private ExchangingDefernoTokenSource source;

	/** The MCP tokens whose grant a refused exchange found gone. */
	private final List<String> grantsGone = new ArrayList<>();

	@BeforeEach
	void start() {
		this.authServer.start();
		this.properties = new McpSecurityProperties("https://mcp.example.test", "http://localhost:9000",
				this.authServer.baseUrl(), "rs", "secret", McpSecurityProperties.TokenFormat.OPAQUE,
				new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2),
						Duration.ofMinutes(10), 100),
				List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 200, true,
				600);
		this.client = new AuthServerClient(
				new AuthServerHttp(RestClient.builder(),
						new OutboundHttp(HttpClientSettings.defaults()).requestFactory(Duration.ofSeconds(3),
								Duration.ofSeconds(10), 32),
						this.properties, new AuthServerAnswers("rs", this.clock)),
				this.properties);
		this.source = source(Runnable::run);
	}

	private ExchangingDefernoTokenSource source(Executor executor) {
		return new ExchangingDefernoTokenSource(this.client, this.properties.cache(),
				new TokenAnswerCache<>(100, this.properties.checkTimeout(), executor,
						() -> Duration.between(Instant.EPOCH, this.clock.instant()).toNanos()),
				this.clock, this.grantsGone::add);
	}

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
		this.authServer.stop();
		SecurityContextHolder.clearContext();
	}

	private void authenticate(String mcpToken, Instant expiresAt) {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, mcpToken,
				this.clock.instant().minusSeconds(1), expiresAt);
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

	/** Shorter than any jittered TTL: at most a fifth is taken off. */
	private static Duration safelyWithin(Duration ttl) {
		return Duration.ofMillis((long) (ttl.toMillis() * 0.8) - 1);
	}

	@Test
	void currentTokenWhenMcpTokenExpiresFirstThenCachedOnlyThatLong() {
		exchangeAnswers("dfr-1", 300);
		Duration mcpLife = Duration.ofSeconds(100);
		authenticate("mcp-1", this.clock.instant().plus(mcpLife));
		assertThat(this.source.currentToken()).isEqualTo("dfr-1");
		this.clock.advance(safelyWithin(mcpLife));
		assertThat(this.source.currentToken()).isEqualTo("dfr-1");
		assertThat(exchanges()).isEqualTo(1);
		this.clock.advance(mcpLife.minus(safelyWithin(mcpLife)));
		this.source.currentToken();
		assertThat(exchanges()).isEqualTo(2);
	}

	@Test
	void currentTokenWhenDefernoTokenExpiresFirstThenCachedOnlyThatLong() {
		exchangeAnswers("dfr-2", 30);
		authenticate("mcp-2", this.clock.instant().plusSeconds(3600));
		this.source.currentToken();
		this.clock.advance(safelyWithin(Duration.ofSeconds(30)));
		this.source.currentToken();
		assertThat(exchanges()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(30));
		this.source.currentToken();
		assertThat(exchanges()).isEqualTo(2);
	}

	// invalid_request for the subject token as RFC 8693 has it, marked by its error_uri;
	// invalid_grant as earlier auth servers answered
	@ParameterizedTest
	@ValueSource(strings = {
			"{\"error\":\"invalid_request\",\"error_uri\":\"" + TokenExchange.SUBJECT_TOKEN_REFUSED_URI
					+ "\",\"error_description\":\"no Deferno credential\"}",
			"{\"error\":\"invalid_grant\",\"error_description\":\"no Deferno credential\"}" })
	void currentTokenWhenSubjectTokenRefusedThenSignInAgainWithReasonAndRefusalRemembered(String refusal) {
		String error = refusal.contains("invalid_grant") ? "invalid_grant" : "invalid_request";
		refusedWith(400, refusal);
		authenticate("mcp-3", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining(error)
			.withMessageContaining("the gateway no longer holds a Deferno sign-in")
			.satisfies((refused) -> assertThat(refused.signInHelps()).isTrue());
		this.clock.advance(safelyWithin(this.properties.cache().negativeTtl()));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining(error);
		assertThat(exchanges()).isEqualTo(1);
	}

	/**
	 * The introspection cached for the token would let it through for other requests
	 * (ping, tools/list) until it expired: the grant behind it is gone, so it is
	 * forgotten, and the token is checked again at once.
	 */
	@Test
	void currentTokenWhenSubjectTokenRefusedThenTheTokensIntrospectionIsForgottenAndOnlyThen() {
		refusedWith(400,
				"{\"error\":\"invalid_request\",\"error_uri\":\"" + TokenExchange.SUBJECT_TOKEN_REFUSED_URI + "\"}");
		authenticate("mcp-9", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken);
		assertThat(this.grantsGone).containsExactly("mcp-9");
		this.authServer.resetAll();
		refusedWith(401, "{\"error\":\"invalid_client\"}");
		authenticate("mcp-10", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken);
		assertThat(this.grantsGone).as("this server's own refusal says nothing of the grant").containsExactly("mcp-9");
	}

	@Test
	void currentTokenWhenTheRequestItselfIsRefusedThenTheOperatorNotASignIn() {
		// invalid_request without the subject token's mark: a parameter this version
		// sends
		// that the auth server's does not take, say; no sign-in would change anything
		refusedWith(400, "{\"error\":\"invalid_request\",\"error_description\":\"requested_token_type must be x\"}");
		authenticate("mcp-8", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("refused this server's token exchange (invalid_request)")
			.withMessageNotContaining("sign in again")
			.satisfies((unavailable) -> assertThat(unavailable.signInHelps()).isFalse());
	}

	/** The auth server answers every exchange with this OAuth error. */
	private void refusedWith(int status, String body) {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/token"))
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	@Test
	void currentTokenWhenThisServersCredentialsRefusedThenTryAgainNotSignInAgain() {
		refusedWith(401, "{\"error\":\"invalid_client\"}");
		authenticate("mcp-6", this.clock.instant().plusSeconds(3600));
		// not "unreachable": it answered, and said no to this server
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessage(ExchangingDefernoTokenSource.CREDENTIALS_REFUSED)
			.withMessageContaining("try again")
			.withMessageNotContaining("sign in again")
			.satisfies((unavailable) -> assertThat(unavailable.signInHelps()).isFalse());
	}

	@Test
	void currentTokenWhenExchangeRefusedForThisServersConfigurationThenNoSignInAsked() {
		// unauthorized_client: this server's client may not exchange; a new sign-in would
		// change nothing
		refusedWith(400, "{\"error\":\"unauthorized_client\"}");
		authenticate("mcp-7", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("refused this server's token exchange (unauthorized_client)")
			.withMessageNotContaining("sign in again")
			.satisfies((unavailable) -> assertThat(unavailable.signInHelps()).isFalse());
	}

	@Test
	void currentTokenWhenAuthServerDownThenUnavailableTryAgainAndNotRetriedWithinErrorTtl() {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(503)));
		authenticate("mcp-4", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("try again");
		// what the agent reads: an outage is waited out, never mended by signing in
		CallToolResult result = new ToolResults(JsonMapper.builder().build()).run("whoami", true,
				(args) -> this.source.currentToken(), Map.of());
		assertThat(((TextContent) result.content().get(0)).text()).isEqualTo("no Deferno token for this call: "
				+ "The authorization server could not give a Deferno token right now (unreachable, or unable to serve); try "
				+ "again shortly");
		this.clock.advance(safelyWithin(this.properties.cache().errorTtl()));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("try again");
		assertThat(exchanges()).isEqualTo(1);
		exchangeAnswers("dfr-4", 300);
		this.clock.advance(this.properties.cache().errorTtl());
		assertThat(this.source.currentToken()).isEqualTo("dfr-4");
		assertThat(exchanges()).isEqualTo(2);
	}

	@Test
	void currentTokenWhenAuthServerUnreachableThenUnavailableTryAgain() {
		this.authServer.stop();
		authenticate("mcp-5", this.clock.instant().plusSeconds(3600));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("try again");
	}

	@Test
	void currentTokenWhenManyRequestsCarryTheSameTokenThenOneExchange() throws Exception {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/token")).withBasicAuth("rs", "secret")
			.willReturn(okJson("{\"access_token\":\"dfr-6\",\"token_type\":\"Bearer\",\"expires_in\":300}")
				.withFixedDelay(300)));
		ExchangingDefernoTokenSource concurrent = source(this.threads);
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "mcp-6",
				this.clock.instant(), this.clock.instant().plusSeconds(3600));
		BearerTokenAuthentication authentication = new BearerTokenAuthentication(
				new DefaultOAuth2AuthenticatedPrincipal("u-alice1", Map.of("sub", "u-alice1"), List.of()), token,
				List.of());
		List<Future<String>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(this.threads.submit(() -> {
				SecurityContextHolder.getContext().setAuthentication(authentication);
				return concurrent.currentToken();
			}));
		}
		for (Future<String> answer : answers) {
			assertThat(answer.get()).isEqualTo("dfr-6");
		}
		assertThat(exchanges()).isEqualTo(1);
	}

	@Test
	void currentTokenWhenNoBearerAuthenticationThenUnavailable() {
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(this.source::currentToken)
			.withMessageContaining("no MCP access token");
	}

}
