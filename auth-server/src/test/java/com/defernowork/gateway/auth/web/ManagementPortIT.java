package com.defernowork.gateway.auth.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.defernowork.gateway.auth.support.RunningAuthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port serves health and the Prometheus scrape and nothing else: no
 * sign-in flow, no session, a JSON 404 (405 for another method on those two) where Spring
 * Boot would run the application's own security chains.
 */
class ManagementPortIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("auth.storage", "memory", "management.server.port", 0));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void healthAndScrapeWhenAskedThenServedWithoutSession() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus" }) {
			HttpResponse<String> served = send("GET", path);
			assertThat(served.statusCode()).as(path).isEqualTo(200);
			assertThat(served.headers().firstValue("Set-Cookie")).as(path).isEmpty();
			assertThat(send("HEAD", path).statusCode()).as(path).isEqualTo(200);
		}
	}

	@Test
	void anythingElseWhenAskedThenJson404WithoutSignInOrSession() throws Exception {
		// the sign-in flow and its pages, another endpoint, a path nothing serves
		for (String path : new String[] { "/oauth2/authorization/deferno", "/login", "/connected-apps", "/oauth2/jwks",
				"/.well-known/oauth-authorization-server", "/actuator/env", "/nope" }) {
			HttpResponse<String> refused = send("GET", path);
			assertThat(refused.statusCode()).as(path).isEqualTo(404);
			assertThat(refused.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(refused.body()).as(path).contains("Nothing is served at this path");
			assertThat(refused.headers().firstValue("Set-Cookie")).as(path).isEmpty();
			assertThat(refused.headers().firstValue("Location")).as(path).isEmpty();
		}
	}

	@Test
	void protocolEndpointsWhenPostedThenJson404() throws Exception {
		for (String path : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/register" }) {
			HttpResponse<String> refused = send("POST", path);
			assertThat(refused.statusCode()).as(path).isEqualTo(404);
			assertThat(refused.body()).as(path).contains("Nothing is served at this path");
		}
	}

	@Test
	void healthWhenAnotherMethodThen405NamingTheMethodsServed() throws Exception {
		HttpResponse<String> refused = send("POST", "/actuator/health");
		assertThat(refused.statusCode()).isEqualTo(405);
		assertThat(refused.headers().firstValue("Allow")).hasValue("GET, HEAD");
		assertThat(refused.body()).contains("This method is not served here");
	}

	private static HttpResponse<String> send(String method, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(server.managementUrl() + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
