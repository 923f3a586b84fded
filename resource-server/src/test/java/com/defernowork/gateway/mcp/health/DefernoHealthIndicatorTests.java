package com.defernowork.gateway.mcp.health;

import java.time.Duration;

import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers;
import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers.Observation;
import com.defernowork.gateway.mcp.deferno.client.DefernoProperties;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.web.health.RateLimitedProbe;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code deferno} component against a stand-in Deferno: what the tools' calls and its
 * probe of {@code GET /health} make of health.
 */
class DefernoHealthIndicatorTests {

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private final WireMockServer deferno = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final MutableClock clock = MutableClock.now();

	private final DefernoAnswers answers = new DefernoAnswers(this.clock);

	private DefernoHealthIndicator health;

	@BeforeEach
	void start() {
		this.deferno.start();
		String healthUrl = new DefernoProperties(this.deferno.baseUrl() + "/api/", "", Duration.ofSeconds(1),
				Duration.ofSeconds(1), 1, 0, Duration.ZERO, Duration.ZERO, 1, 1, Duration.ofSeconds(5))
			.healthUrl();
		DefernoProbe probe = new DefernoProbe(RestClient.create(), healthUrl, this.answers);
		this.health = new DefernoHealthIndicator(new RateLimitedProbe<>(probe, this.answers::last, Observation::at,
				INTERVAL, Duration.ofSeconds(5), Runnable::run, this.clock));
	}

	@AfterEach
	void stop() {
		this.deferno.stop();
	}

	@Test
	void healthWhenDefernosHealthAnswersBesideTheApiThenUp() {
		this.deferno.stubFor(get("/health").willReturn(aResponse().withStatus(200).withBody("ok")));
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastAnswer", "200 from GET /health")
			.containsEntry("at", this.clock.instant().toString());
	}

	@Test
	void healthWhenAToolsCallAnsweredLatelyThenThatAnswerAndNoProbe() {
		this.answers.answered(HttpMethod.GET, "/items/0b1c?fields=title", 404, "req-1");
		this.clock.advance(INTERVAL.minusSeconds(1));
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastAnswer", "404 from GET /items/{id} (X-Request-Id req-1)");
		this.deferno.verify(0, getRequestedFor(urlPathEqualTo("/health")));
	}

	@Test
	void healthWhenDefernoFailsThenUnknownNotDownSayingWhatWasSeenAndAskedAtMostOncePerInterval() {
		this.deferno.stubFor(get("/health").willReturn(aResponse().withStatus(503)));
		Health failing = this.health.health();
		assertThat(failing.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(failing.getDetails()).containsEntry("lastAnswer", "503 from GET /health");
		assertThat(failing.getDetails().get("reason").toString()).contains("DEFERNO_BASE_URL");

		this.deferno.stop();
		this.clock.advance(INTERVAL.minusSeconds(1));
		assertThat(this.health.health().getDetails()).containsEntry("lastAnswer", "503 from GET /health");
		this.clock.advance(Duration.ofSeconds(2));
		Health unreachable = this.health.health();
		assertThat(unreachable.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(unreachable.getDetails().get("lastAnswer").toString()).startsWith("GET /health: no answer: ")
			.containsIgnoringCase("connection refused");
	}

	@Test
	void healthBeforeAnyAnswerThenUnknown() {
		this.deferno.stop();
		DefernoHealthIndicator neverAsked = new DefernoHealthIndicator(new RateLimitedProbe<>(() -> {
		}, this.answers::last, Observation::at, INTERVAL, Duration.ofSeconds(5), Runnable::run, this.clock));
		Health health = neverAsked.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("reason", DefernoHealthIndicator.NOT_YET);
	}

	@Test
	void healthUrlIsBesideTheApi() {
		assertThat(properties("https://deferno.example/api/").healthUrl()).isEqualTo("https://deferno.example/health");
		assertThat(properties("https://example.test/deferno/api").healthUrl())
			.isEqualTo("https://example.test/deferno/health");
		assertThat(properties("https://deferno.example").healthUrl()).isEqualTo("https://deferno.example/health");
	}

	private static DefernoProperties properties(String baseUrl) {
		return new DefernoProperties(baseUrl, "", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0, Duration.ZERO,
				Duration.ZERO, 1, 1, Duration.ofSeconds(5));
	}

}
