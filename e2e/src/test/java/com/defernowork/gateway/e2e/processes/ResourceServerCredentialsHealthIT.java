package com.defernowork.gateway.e2e.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The resource server's {@code authServer} and {@code authServerIssuer} health components
 * against the REAL authorization server, both from their jars: one resource server
 * started with another {@code RS_CLIENT_SECRET} than the authorization server's (the
 * usual deployment mistake) and another name for its issuer, one with the same settings,
 * one pointed at a port where nothing listens. Each has its actuator on a management port
 * of its own, as in compose.
 */
class ResourceServerCredentialsHealthIT {

	static final int AS_PORT = FreePorts.next();

	static final String ISSUER = "http://127.0.0.1:" + AS_PORT;

	/** The same authorization server by another name: not its issuer. */
	static final String OTHER_ISSUER = "http://localhost:" + AS_PORT;

	static final String RS_CLIENT_ID = "mcp-resource-server";

	static final String AS_SECRET = "health-it-right-secret-" + AS_PORT;

	static final String WRONG_SECRET = "health-it-wrong-secret-" + AS_PORT;

	static final JsonMapper JSON = JsonMapper.builder().build();

	static AppProcess authServer;

	static ResourceServer refused;

	static ResourceServer accepted;

	static ResourceServer unreachable;

	private final Browser http = new Browser();

	@BeforeAll
	static void start() {
		authServer = AppProcess.of("auth-server")
			.port(AS_PORT)
			.env("AUTH_ISSUER", ISSUER)
			.env("RS_CLIENT_ID", RS_CLIENT_ID)
			.env("RS_CLIENT_SECRET", AS_SECRET)
			.start();
		// three JVMs at once: each waits only for its own liveness; the one with the
		// wrong secret names the issuer by another host as well
		CompletableFuture<ResourceServer> wrong = CompletableFuture
			.supplyAsync(() -> ResourceServer.start(authServer.baseUrl(), WRONG_SECRET, OTHER_ISSUER));
		CompletableFuture<ResourceServer> right = CompletableFuture
			.supplyAsync(() -> ResourceServer.start(authServer.baseUrl(), AS_SECRET, ISSUER));
		CompletableFuture<ResourceServer> nowhere = CompletableFuture
			.supplyAsync(() -> ResourceServer.start("http://127.0.0.1:" + FreePorts.next(), AS_SECRET, ISSUER));
		refused = wrong.join();
		accepted = right.join();
		unreachable = nowhere.join();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable app : new AutoCloseable[] { refused, accepted, unreachable, authServer }) {
			try {
				if (app != null) {
					app.close();
				}
			}
			catch (Exception ex) {
				// the others still stop
			}
		}
	}

	@Test
	void healthWhenAuthServerRefusesTheCredentialsThenDownNamingTheSettingsNeverTheSecret() {
		HttpResponse<String> health = this.http.get(refused.management("/actuator/health"));
		assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
		// it writes nothing to disk: no disk check, which would name the folder it runs
		// in
		assertThat(health.body()).doesNotContain("diskSpace");
		JsonNode component = JSON.readTree(health.body()).path("components").path("authServer");
		assertThat(component.path("status").asString()).isEqualTo("DOWN");
		assertThat(component.path("details").path("reason").asString())
			.contains("refuses this server's client credentials")
			.contains("RS_CLIENT_ID and RS_CLIENT_SECRET must be the same");
		assertThat(component.path("details").path("clientId").asString()).isEqualTo(RS_CLIENT_ID);
		assertThat(component.path("details").path("lastAnswer").asString()).isEqualTo("401 from /oauth2/introspect");
		assertThat(health.body()).doesNotContain(WRONG_SECRET).doesNotContain(AS_SECRET);
		// out of rotation, but not restarted: liveness is not about the authorization
		// server
		assertThat(this.http.get(refused.management("/actuator/health/readiness")).statusCode()).isEqualTo(503);
		assertThat(this.http.get(refused.management("/actuator/health/liveness")).statusCode()).isEqualTo(200);
	}

	@Test
	void healthWhenTheAuthServerNamesAnotherIssuerThenDownNamingBothAndOneLogLine() {
		HttpResponse<String> health = this.http.get(refused.management("/actuator/health"));
		JsonNode component = JSON.readTree(health.body()).path("components").path("authServerIssuer");
		assertThat(component.path("status").asString()).as(health.body()).isEqualTo("DOWN");
		assertThat(component.path("details").path("reason").asString())
			.contains("set the same AUTH_ISSUER on both servers");
		assertThat(component.path("details").path("authIssuer").asString()).isEqualTo(OTHER_ISSUER);
		assertThat(component.path("details").path("authServerSays").asString()).isEqualTo(ISSUER);
		assertThat(occurrences(refused.log(), "names itself '" + ISSUER + "'")).as(refused.log()).isEqualTo(1);
		JsonNode agreeing = JSON.readTree(this.http.get(accepted.management("/actuator/health")).body())
			.path("components")
			.path("authServerIssuer");
		assertThat(agreeing.path("status").asString()).isEqualTo("UP");
		assertThat(JSON.readTree(this.http.get(unreachable.management("/actuator/health")).body())
			.path("components")
			.path("authServerIssuer")
			.path("status")
			.asString()).isEqualTo("UNKNOWN");
	}

	@Test
	void mcpWhenAuthServerRefusesTheCredentialsThen503AndOneLogLine() {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> answer = mcp(refused, "token-" + i);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(answer.body()).contains("temporarily_unavailable");
			this.http.get(refused.management("/actuator/health"));
		}
		String log = refused.log();
		assertThat(occurrences(log, "refuses this server's client credentials")).as(log).isEqualTo(1);
		assertThat(log).contains("RS_CLIENT_ID (here '" + RS_CLIENT_ID + "') and RS_CLIENT_SECRET")
			.doesNotContain("Token introspection at the authorization server failed")
			.doesNotContain(WRONG_SECRET)
			.doesNotContain(AS_SECRET);
	}

	@Test
	void healthWhenCredentialsMatchThenUp() {
		HttpResponse<String> health = this.http.get(accepted.management("/actuator/health"));
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).path("components").path("authServer").path("status").asString())
			.isEqualTo("UP");
		assertThat(this.http.get(accepted.management("/actuator/health/readiness")).statusCode()).isEqualTo(200);
	}

	@Test
	void healthWhenAuthServerUnreachableThenUnknownAndStillUpAndReady() {
		HttpResponse<String> health = this.http.get(unreachable.management("/actuator/health"));
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		JsonNode root = JSON.readTree(health.body());
		assertThat(root.path("status").asString()).isEqualTo("UP");
		JsonNode component = root.path("components").path("authServer");
		assertThat(component.path("status").asString()).as(health.body()).isEqualTo("UNKNOWN");
		assertThat(component.path("details").path("reason").asString()).contains("AUTH_INTERNAL_URL");
		assertThat(this.http.get(unreachable.management("/actuator/health/readiness")).statusCode()).isEqualTo(200);
		assertThat(this.http.get(unreachable.management("/actuator/health/liveness")).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> mcp(ResourceServer server, String token) {
		return this.http.send(
				HttpRequest.newBuilder(URI.create(server.app().baseUrl() + "/mcp"))
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}")),
				"Content-Type", "application/json", "Accept", "application/json, text/event-stream",
				"Mcp-Protocol-Version", "2025-11-25", "Authorization", "Bearer " + token);
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	/** A resource server with its actuator on a port of its own. */
	record ResourceServer(AppProcess app, int managementPort) implements AutoCloseable {

		static ResourceServer start(String authServerUrl, String secret, String issuer) {
			int port = FreePorts.next();
			int managementPort = FreePorts.next();
			AppProcess app = AppProcess.of("resource-server")
				.port(port)
				.env("MCP_PUBLIC_URL", "http://127.0.0.1:" + port)
				.env("MCP_MANAGEMENT_PORT", Integer.toString(managementPort))
				.env("AUTH_ISSUER", issuer)
				.env("AUTH_INTERNAL_URL", authServerUrl)
				.env("RS_CLIENT_ID", RS_CLIENT_ID)
				.env("RS_CLIENT_SECRET", secret)
				// the metadata needs no authorization server
				.readinessPath("/.well-known/oauth-protected-resource/mcp")
				.start();
			ResourceServer server = new ResourceServer(app, managementPort);
			// the management port may start listening a moment after the application's;
			// the first read may return before the first answer (it waits at most
			// briefly)
			try {
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(200))
					.ignoreExceptionsInstanceOf(UncheckedIOException.class)
					.until(() -> !new Browser().get(server.management("/actuator/health"))
						.body()
						.contains("No answer from the authorization server yet"));
			}
			catch (RuntimeException ex) {
				// the test never gets the server to close
				server.close();
				throw ex;
			}
			return server;
		}

		String management(String path) {
			return "http://127.0.0.1:" + this.managementPort + path;
		}

		String log() {
			try {
				return Files.readString(this.app.log());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			this.app.close();
		}

	}

}
