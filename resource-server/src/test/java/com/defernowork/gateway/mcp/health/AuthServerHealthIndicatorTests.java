package com.defernowork.gateway.mcp.health;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Observation;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.web.health.RateLimitedProbe;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code authServer} component against a stand-in authorization server: what each
 * answer to the probe's introspection makes of health.
 */
class AuthServerHealthIndicatorTests {

	private static final String SECRET = "the-rs-secret-never-shown";

	private final WireMockServer authServer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final MutableClock clock = MutableClock.now();

	private AuthServerHealthIndicator health;

	@BeforeEach
	void start() {
		this.authServer.start();
		McpSecurityProperties properties = new McpSecurityProperties("https://mcp.example.test",
				"http://localhost:9000", this.authServer.baseUrl(), "rs", SECRET,
				McpSecurityProperties.TokenFormat.OPAQUE,
				new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2),
						Duration.ofMinutes(10), 100),
				List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 200, true,
				600);
		AuthServerAnswers answers = new AuthServerAnswers("rs", this.clock);
		AuthServerHttp http = new AuthServerHttp(RestClient.builder(), new OutboundHttp(HttpClientSettings.defaults())
			.requestFactory(Duration.ofSeconds(3), Duration.ofSeconds(10), 4), properties, answers);
		this.health = new AuthServerHealthIndicator(
				new RateLimitedProbe<>(new CredentialsProbe(http.restClient(), answers), answers::last, Observation::at,
						Duration.ofSeconds(30), Duration.ofSeconds(5), Runnable::run, this.clock),
				"rs");
	}

	@AfterEach
	void stop() {
		this.authServer.stop();
	}

	private void introspectionAnswers(int status, String body) {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/introspect"))
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	@Test
	void healthWhenCredentialsAcceptedThenUpAfterIntrospectingNoToken() {
		this.authServer.stubFor(post(urlPathEqualTo("/oauth2/introspect")).withBasicAuth("rs", SECRET)
			.withRequestBody(containing("token=" + CredentialsProbe.NOT_A_TOKEN))
			.willReturn(okJson("{\"active\":false}")));
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("clientId", "rs")
			.containsEntry("lastAnswer", "200 from /oauth2/introspect");
	}

	@Test
	void healthWhenCredentialsRefusedThenDownNamingTheSettingsNeverTheSecret() {
		introspectionAnswers(401, "{\"error\":\"invalid_client\"}");
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("refuses this server's client credentials")
			.contains("RS_CLIENT_ID")
			.contains("RS_CLIENT_SECRET");
		assertThat(health.getDetails()).containsEntry("clientId", "rs")
			.containsEntry("lastAnswer", "401 from /oauth2/introspect");
		assertThat(health.getDetails().toString()).doesNotContain(SECRET);
	}

	@Test
	void healthWhenClientMayNotIntrospectThenDown() {
		introspectionAnswers(403, "{\"error\":\"unauthorized_client\"}");
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("lastAnswer", "403 unauthorized_client from /oauth2/introspect");
	}

	@Test
	void healthWhenAuthServerUnavailableThenUnknownNotDown() {
		introspectionAnswers(503, "{\"error\":\"temporarily_unavailable\"}");
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("AUTH_INTERNAL_URL");
	}

	@Test
	void healthWhenAuthServerUnreachableThenUnknownNotDown() {
		this.authServer.stop();
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails().get("lastAnswer").toString()).startsWith("no answer from /oauth2/introspect");
	}

	@Test
	void healthWhenInternalUrlIsNotTheAuthServerThenDownNamingTheSettingAndWhatAnswered() {
		// the Deferno sandbox, say, which has no such path
		introspectionAnswers(404, "{}");
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("AUTH_INTERNAL_URL does not lead to the "
				+ "authorization server: what answers there gave 404 from /oauth2/introspect");
		assertThat(health.getDetails()).containsEntry("lastAnswer", "404 from /oauth2/introspect");
	}

	@Test
	void healthWhenAskedToWaitThenUnknownNotDown() {
		introspectionAnswers(429, "{\"error\":\"temporarily_unavailable\"}");
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void healthWhenReadAgainWithinIntervalThenNotAskedAgain() {
		introspectionAnswers(401, "{\"error\":\"invalid_client\"}");
		for (int i = 0; i < 20; i++) {
			assertThat(this.health.health().getStatus()).isEqualTo(Status.DOWN);
		}
		assertThat(this.authServer.countRequestsMatching(postRequestedFor(urlPathEqualTo("/oauth2/introspect")).build())
			.getCount()).isEqualTo(1);
	}

}
