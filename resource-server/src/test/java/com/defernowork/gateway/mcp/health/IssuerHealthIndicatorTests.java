package com.defernowork.gateway.mcp.health;

import java.time.Duration;

import com.defernowork.gateway.mcp.health.IssuerProbe.Seen;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.web.health.RateLimitedProbe;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code authServerIssuer} component against a stand-in authorization server: what
 * the issuer its metadata names makes of health and of the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class IssuerHealthIndicatorTests {

	private static final String ISSUER = "https://gateway.example.test";

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private final WireMockServer authServer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final MutableClock clock = MutableClock.now();

	private IssuerHealthIndicator health;

	@BeforeEach
	void start() {
		this.authServer.start();
		IssuerProbe issuer = new IssuerProbe(RestClient.builder().baseUrl(this.authServer.baseUrl()).build(), ISSUER,
				this.clock);
		this.health = new IssuerHealthIndicator(new RateLimitedProbe<>(issuer, issuer::last, Seen::at, INTERVAL,
				Duration.ofSeconds(5), Runnable::run, this.clock), issuer);
	}

	@AfterEach
	void stop() {
		this.authServer.stop();
	}

	private void metadataNames(String issuer) {
		this.authServer
			.stubFor(get(urlPathEqualTo(IssuerProbe.PATH)).willReturn(okJson("{\"issuer\":\"" + issuer + "\"}")));
	}

	@Test
	void healthWhenTheAuthServerNamesThisIssuerThenUp(CapturedOutput output) {
		metadataNames(ISSUER);
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("authIssuer", ISSUER).containsEntry("authServerSays", ISSUER);
		assertThat(output).doesNotContain("AUTH_ISSUER");
	}

	@Test
	void healthWhenTheAuthServerNamesAnotherIssuerThenDownNamingBothAndLoggedOnceUntilTheyAgree(CapturedOutput output) {
		// the usual mistake: localhost on one server, 127.0.0.1 on the other
		metadataNames("http://localhost:9000");
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("set the same AUTH_ISSUER on both servers");
		assertThat(health.getDetails()).containsEntry("authIssuer", ISSUER)
			.containsEntry("authServerSays", "http://localhost:9000");
		this.clock.advance(INTERVAL.plusSeconds(1));
		assertThat(this.health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(output.getAll().split("names itself 'http://localhost:9000'", -1)).hasSize(2);

		metadataNames(ISSUER);
		this.clock.advance(INTERVAL.plusSeconds(1));
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(output).contains("agrees with AUTH_ISSUER again");
	}

	@Test
	void healthWhenAnotherServiceAnswersForTheMetadataThenDownNamingTheSettingAndLoggedOnce(CapturedOutput output) {
		// the Deferno sandbox, say, which has no such path
		this.authServer.stubFor(get(urlPathEqualTo(IssuerProbe.PATH)).willReturn(aResponse().withStatus(404)));
		for (int i = 0; i < 3; i++) {
			Health health = this.health.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason").toString()).contains("AUTH_INTERNAL_URL does not lead to "
					+ "the authorization server: what answers there gave 404 from " + IssuerProbe.PATH);
			assertThat(health.getDetails()).containsEntry("lastAnswer", "404 from " + IssuerProbe.PATH);
			this.clock.advance(INTERVAL.plusSeconds(1));
		}
		assertThat(output.getAll().split("AUTH_INTERNAL_URL \\(mcp.security.internal-url\\) does not lead", -1))
			.as(output.getAll())
			.hasSize(2);
		assertThat(output).contains("ERROR");

		// a 429 is the authorization server's own, asking to wait
		this.authServer.stubFor(get(urlPathEqualTo(IssuerProbe.PATH)).willReturn(aResponse().withStatus(429)));
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void healthWhenTheMetadataCannotBeReadThenUnknownNotDown() {
		this.authServer.stubFor(get(urlPathEqualTo(IssuerProbe.PATH)).willReturn(aResponse().withStatus(503)));
		Health unavailable = this.health.health();
		assertThat(unavailable.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(unavailable.getDetails().get("reason").toString()).contains("AUTH_INTERNAL_URL");

		this.authServer.stubFor(get(urlPathEqualTo(IssuerProbe.PATH)).willReturn(okJson("{\"issuer\":5}")));
		this.clock.advance(INTERVAL.plusSeconds(1));
		Health noIssuer = this.health.health();
		assertThat(noIssuer.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(noIssuer.getDetails()).containsEntry("lastAnswer", "no issuer in " + IssuerProbe.PATH);

		this.authServer.stop();
		this.clock.advance(INTERVAL.plusSeconds(1));
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UNKNOWN);
	}

}
