package com.defernowork.gateway.e2e.processes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import com.defernowork.gateway.e2e.support.McpCalls;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resource server told to stop (SIGTERM, as Docker and systemd do) while a tool call
 * waits on Deferno longer than Spring's default 30 s shutdown phase: the call finishes
 * and its answer reaches the client, instead of the connection being cut after Deferno
 * may have applied a change. A WireMock server plays the authorization server's
 * introspection and Deferno.
 */
class ResourceServerShutdownIT {

	/** Past Spring's default phase of 30 s, within the server's own grace. */
	static final int DEFERNO_DELAY_MILLIS = 33_000;

	WireMockServer upstream;

	AppProcess resourceServer;

	String resource;

	@BeforeEach
	void start() {
		this.upstream = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		this.upstream.start();
		int port = FreePorts.next();
		String publicUrl = "http://127.0.0.1:" + port;
		this.resource = publicUrl + "/mcp";
		this.upstream.stubFor(post("/oauth2/introspect").willReturn(
				okJson("""
						{"active":true,"sub":"u-alice1","client_id":"shutdown-it","scope":"profile:read","aud":["%s"],"exp":%d}"""
					.formatted(this.resource, Instant.now().plusSeconds(3600).getEpochSecond()))));
		this.upstream.stubFor(get("/api/auth/me").willReturn(aResponse().withFixedDelay(DEFERNO_DELAY_MILLIS)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"""
							{"version":"0.1","data":{"id":"u-alice1","username":"alice","display_name":"Alice"},"error":null}""")));
		this.resourceServer = AppProcess.of("resource-server")
			.port(port)
			.env("MCP_PUBLIC_URL", publicUrl)
			.env("AUTH_ISSUER", "http://127.0.0.1:" + this.upstream.port())
			.env("AUTH_INTERNAL_URL", "http://127.0.0.1:" + this.upstream.port())
			.env("DEFERNO_BASE_URL", "http://127.0.0.1:" + this.upstream.port() + "/api")
			.env("DEFERNO_TOKEN", "dfr_pat_shutdown")
			.env("DEFERNO_READ_TIMEOUT", "60s")
			.readinessPath("/.well-known/oauth-protected-resource/mcp")
			.start();
	}

	@AfterEach
	void stop() {
		if (this.resourceServer != null) {
			this.resourceServer.close();
		}
		if (this.upstream != null) {
			this.upstream.stop();
		}
	}

	@Test
	void stopWhenAToolCallWaitsOnDefernoLongerThanThirtySecondsThenItFinishesAndItsAnswerArrives() {
		HttpRequest whoami = HttpRequest.newBuilder(URI.create(this.resource))
			.timeout(Duration.ofSeconds(80))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", McpCalls.PROTOCOL_VERSION)
			.header("Authorization", "Bearer shutdown-token")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"))
			.build();
		CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient()
			.sendAsync(whoami, HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.upstream.findAll(getRequestedFor(urlPathEqualTo("/api/auth/me"))).isEmpty());
		this.resourceServer.terminate();
		HttpResponse<String> answer = call.join();
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode result = McpCalls.message(answer).path("result");
		assertThat(result.path("isError").asBoolean()).as(answer.body()).isFalse();
		assertThat(answer.body()).contains("alice");
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.resourceServer.isAlive());
	}

}
