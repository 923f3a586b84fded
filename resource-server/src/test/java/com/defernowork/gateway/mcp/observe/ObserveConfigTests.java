package com.defernowork.gateway.mcp.observe;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.testsupport.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The reporter as the application builds it, against a stand-in authorization server:
 * tool calls reach it over HTTP unless {@code mcp.activity.enabled} is false.
 */
class ObserveConfigTests {

	private final WireMockServer authServer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	@BeforeEach
	void start() {
		this.authServer.start();
		this.authServer.stubFor(post(urlPathEqualTo(ActivityReporter.PATH)).willReturn(aResponse().withStatus(204)));
	}

	@AfterEach
	void stop() {
		this.authServer.stop();
	}

	@Test
	void reporterWhenTurnedOffThenNothingReachesTheAuthServerElseEveryCall() throws Exception {
		ActivityReporter off = reporter(false);
		ActivityReporter on = reporter(true);
		try {
			off.report("user-1", "client-1", "tool-while-off", "ok", 5);
			on.report("user-1", "client-1", "tool-while-on", "ok", 5);

			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> this.authServer.verify(1, postRequestedFor(urlPathEqualTo(ActivityReporter.PATH))
					.withRequestBody(containing("\"tool\":\"tool-while-on\""))));
			this.authServer.verify(0, postRequestedFor(urlPathEqualTo(ActivityReporter.PATH))
				.withRequestBody(containing("tool-while-off")));
		}
		finally {
			off.destroy();
			on.destroy();
		}
	}

	private ActivityReporter reporter(boolean enabled) {
		McpSecurityProperties properties = new McpSecurityProperties("https://mcp.example.test",
				"http://localhost:9000", this.authServer.baseUrl(), "rs", "rs-secret",
				McpSecurityProperties.TokenFormat.OPAQUE,
				new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2),
						Duration.ofMinutes(10), 100),
				List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 200, true,
				600);
		AuthServerHttp http = new AuthServerHttp(
				RestClient.builder(), new OutboundHttp(HttpClientSettings.defaults())
					.requestFactory(Duration.ofSeconds(3), Duration.ofSeconds(10), 4),
				properties, new AuthServerAnswers("rs", MutableClock.now()));
		return new ObserveConfig().activityReporter(http, new ObserveProperties(enabled, 100, 10, Duration.ZERO));
	}

}
