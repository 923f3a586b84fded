package com.defernowork.gateway.mcp.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port serves health and the Prometheus scrape whatever the request
 * carries (a probe's stray Authorization header is no bearer token to check) and nothing
 * else: a JSON 404, not the MCP endpoint's 401 asking for a token that would not help.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"mcp.activity.enabled=false", "deferno.base-url=http://127.0.0.1:9/api" })
class ManagementPortIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalManagementPort
	private int managementPort;

	@Test
	void healthWhenAProbeSendsAStrayAuthorizationHeaderThenServed() throws Exception {
		HttpResponse<String> health = send("GET", "/actuator/health", "Authorization", "Bearer x");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(send("GET", "/actuator/prometheus", "Authorization", "Basic eDp5").statusCode()).isEqualTo(200);
	}

	@Test
	void anythingElseWhenAskedThenJson404NotABearerChallenge() throws Exception {
		for (String path : new String[] { "/actuator/env", "/mcp", "/.well-known/oauth-protected-resource/mcp",
				"/nope" }) {
			HttpResponse<String> refused = send("GET", path, "Authorization", "Bearer x");
			assertThat(refused.statusCode()).as(path).isEqualTo(404);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).isEmpty();
			assertThat(refused.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(refused.body()).as(path).contains("Nothing is served at this path");
		}
		HttpResponse<String> post = send("PUT", "/actuator/prometheus", "Accept", "*/*");
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
	}

	private HttpResponse<String> send(String method, String path, String header, String value) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.header(header, value)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
