package com.defernowork.gateway.auth.storage.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.redis.RedisProcess;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away and comes back, hangs, or refuses writes for a while: meanwhile every
 * endpoint that needs it answers 503 with {@code Retry-After} within the configured
 * timeout (clients an OAuth error, browsers a page); within 5 s of Redis returning the
 * server serves again, and the refresh token a client tried during the outage still
 * works.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageIT {

	/** Its count depends on what the class's other tests left of the same kind. */
	private static final Pattern SERVED_AGAIN = Pattern
		.compile(".*Redis serves requests again, \\d+ s after the first request it could not serve: \\d+ requests "
				+ "were answered 503 \\(\\{.*\\}\\)");

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String RS_ID = "rs-outage";

	private static final String RS_SECRET = "rs-outage-0123456789-abcdefghijklmn-OPQRSTUVWXYZ";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RedisProcess redis;

	private static RunningAuthServer server;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void start() {
		// every write on disk before the kill, so the restarted Redis has the grants
		redis = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
		server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("REDIS_URL", redis.url(), "auth.rs-client.id", RS_ID, "auth.rs-client.secret", RS_SECRET,
						"spring.data.redis.timeout", TIMEOUT.toString(), "spring.data.redis.connect-timeout",
						TIMEOUT.toString(), "management.server.port", 0));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
		redis.close();
	}

	@Test
	void requestsWhenRedisDownThen503RetryAfterAndWhenBackThenServedAndRefreshTokenUnused(CapturedOutput output)
			throws Exception {
		Grant grant = grant();
		String access = grant.accessToken();
		String refresh = grant.refreshToken();
		String clientId = grant.clientId();
		// a browser on its way to sign in, its session in Redis
		Browser browser = new Browser();
		HttpResponse<String> toSignIn = browser.get(
				server.baseUrl() + "/oauth2/authorize?"
						+ Browser.form(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s")),
				"Accept", Browser.HTML);
		String signIn = URI.create(server.baseUrl()).resolve(Browser.location(toSignIn)).toString();

		redis.kill();
		for (int probe = 0; probe < 3; probe++) {
			HttpResponse<String> health = send(
					HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/health")).GET());
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"status\":\"DOWN\"");
			// what the operator needs: the address not answering and what to change, not
			// the wrapping exception's "RedisSystemException: Redis exception"
			JsonNode redisHealth = JSON.readTree(health.body()).at("/components/redis");
			assertThat(redisHealth.at("/status").asString()).isEqualTo("DOWN");
			assertThat(redisHealth.at("/details/reason").asString()).isEqualTo("Redis does not answer");
			assertThat(redisHealth.at("/details/address").asString()).endsWith(":" + redis.port());
			assertThat(redisHealth.at("/details/redisSays").asString()).isNotEmpty();
			assertThat(redisHealth.at("/details/whatToChange").asString()).contains("REDIS_URL");
			assertThat(health.body()).doesNotContain("Exception");
		}
		// the answer says it; the log is not filled with a stack trace per probe
		assertThat(output.getAll()).doesNotContain("health check failed");

		Map<String, String> refreshForm = Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id",
				clientId);
		String rs = AuthorizationCodeFlow.basic(RS_ID, RS_SECRET);
		unavailableJson(form("/oauth2/token", refreshForm, null));
		unavailableJson(form("/oauth2/introspect", Map.of("token", access), rs));
		unavailableJson(form("/oauth2/revoke", Map.of("token", access), rs));
		unavailableJson(send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth2/register"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(RegistrationClient.inspectorRequest(REDIRECT)))));
		// a client id no instance has cached, so the lookup needs Redis
		String authorize = server.baseUrl() + "/oauth2/authorize?" + Browser
			.form(AuthorizationCodeFlow.request("unknown-" + System.nanoTime(), REDIRECT, Pkce.s256(), "s"));
		unavailableJson(send(HttpRequest.newBuilder(URI.create(authorize)).header("Accept", "application/json")));
		// one warning per kind of request, each saying what that one met
		assertThat(output.getAll().lines().filter((line) -> line.contains("Redis is unavailable; answering 503")))
			.anySatisfy((line) -> assertThat(line).contains("POST /oauth2/token"))
			.anySatisfy((line) -> assertThat(line).contains("POST /oauth2/revoke"));
		unavailableJson(form("/oauth2/revoke", Map.of("token", access), rs));
		assertThat(
				output.getAll().lines().filter((line) -> line.contains("answering 503 (first: POST /oauth2/revoke)")))
			.as("once per interval")
			.hasSize(1);
		HttpResponse<String> page = unavailable(
				send(HttpRequest.newBuilder(URI.create(authorize)).header("Accept", "text/html,*/*;q=0.8")));
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("Try again shortly").doesNotContain("Exception", "redis", "127.0.0.1");
		// written after a reset, the answer still names its trace, and the page shows it
		String trace = page.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(page.body()).contains("Reference for support:", "<code>" + trace + "</code>");
		// the sign-in, which meets Redis for the session: this server's outage, not
		// Deferno's refusal
		HttpResponse<String> signingIn = unavailable(browser.get(signIn, "Accept", Browser.HTML));
		assertThat(signingIn.body()).contains("cannot reach its storage").doesNotContain("did not accept");
		unavailable(browser.get(server.baseUrl() + "/connected-apps", "Accept", Browser.HTML));
		// each refusal counted under its endpoint, not one UNKNOWN for all
		String scrape = send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/prometheus")))
			.body();
		assertThat(scrape)
			.containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"503\",uri=\"/connected-apps\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"503\",uri=\"/oauth2/register\"")
			.containsPattern(
					"http_server_requests_seconds_count\\{[^}]*status=\"503\",uri=\"/oauth2/authorization/deferno\"")
			.doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*status=\"503\",uri=\"UNKNOWN\"");
		// written after a reset of what Spring Security had set
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

		redis.restart();
		long restarted = System.nanoTime();
		AtomicReference<HttpResponse<String>> refreshed = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
			refreshed.set(form("/oauth2/token", refreshForm, null));
			return refreshed.get().statusCode() != 503;
		});
		Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
		assertThat(refreshed.get().statusCode())
			.as("the refresh token tried during the outage, %s after Redis " + "returned: %s", recovery,
					refreshed.get().body())
			.isEqualTo(200);
		String newAccess = (String) Json.parse(refreshed.get().body()).get("access_token");
		assertThat(Json.parse(form("/oauth2/introspect", Map.of("token", newAccess), rs).body()))
			.containsEntry("active", true);
		// and once requests that need Redis are served with no refusal for 3 s, after how
		// much: registration too, which no one asked for since
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> form("/oauth2/revoke", Map.of("token", "unknown"), rs).statusCode() == 200 && output.getAll()
				.lines()
				.filter(SERVED_AGAIN.asMatchPredicate())
				.anyMatch((line) -> line.contains("/oauth2/register=1")));
	}

	@Test
	void requestsWhenRedisHangsThen503AfterTheCommandTimeoutAndServedWhenItAnswersAgain() throws Exception {
		String rs = AuthorizationCodeFlow.basic(RS_ID, RS_SECRET);
		Map<String, String> unknownToken = Map.of("token", "unknown-" + System.nanoTime());
		assertThat(form("/oauth2/introspect", unknownToken, rs).statusCode()).isEqualTo(200);

		// connected but silent, like a Redis stuck in a long command or behind a broken
		// network
		redis.cli("CLIENT", "PAUSE", "6000", "ALL");
		long started = System.nanoTime();
		unavailableJson(form("/oauth2/introspect", unknownToken, rs));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the command timeout")
			.isGreaterThanOrEqualTo(TIMEOUT.minusMillis(200));
		// running but silent: not "start Redis"
		JsonNode redisHealth = JSON
			.readTree(send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/health"))).body())
			.at("/components/redis");
		assertThat(redisHealth.at("/details/reason").asString()).isEqualTo("Redis does not answer in time");
		assertThat(redisHealth.at("/details/whatToChange").asString()).contains("CLIENT PAUSE");

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> form("/oauth2/introspect", unknownToken, rs).statusCode() == 200);
	}

	/**
	 * The outage page's stylesheet, asked for with the browser's session cookie: served
	 * at once from the jar, with its headers, not after the session store's timeout as a
	 * 503 that leaves the page unstyled.
	 */
	@Test
	void stylesheetWhenRedisHangsThenServedWithoutTheSession() throws Exception {
		Browser browser = new Browser();
		// a browser on its way to sign in holds a session in Redis
		HttpResponse<String> toSignIn = browser.get(
				server.baseUrl() + "/oauth2/authorize?"
						+ Browser.form(AuthorizationCodeFlow.request(grant().clientId(), REDIRECT, Pkce.s256(), "s")),
				"Accept", Browser.HTML);
		assertThat(toSignIn.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("DEFERNO_AUTH_SESSION="));
		String rs = AuthorizationCodeFlow.basic(RS_ID, RS_SECRET);
		Map<String, String> unknownToken = Map.of("token", "unknown-" + System.nanoTime());
		// connected but silent, longer than the command timeout
		redis.cli("CLIENT", "PAUSE", "4000", "ALL");
		try {
			long started = System.nanoTime();
			HttpResponse<String> css = browser.get(server.baseUrl() + "/assets/app.css", "Accept", "text/css,*/*");
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(css.statusCode()).as(css.body()).isEqualTo(200);
			assertThat(took).isLessThan(TIMEOUT);
			assertThat(css.body()).contains("--accent");
			assertThat(css.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/css"));
			assertThat(css.headers().firstValue("Cache-Control")).hasValue("max-age=3600, public");
			assertThat(css.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(css.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying((policy) -> assertThat(policy).contains("default-src 'none'"));
			assertThat(css.headers().firstValue("Set-Cookie")).isEmpty();
		}
		finally {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> form("/oauth2/introspect", unknownToken, rs).statusCode() == 200);
		}
	}

	@Test
	void requestsWhenRedisStartsAskingForAPasswordThenHealthAndLogSayWhatRedisSaysWithoutStackTraces(
			CapturedOutput output) throws Exception {
		String rs = AuthorizationCodeFlow.basic(RS_ID, RS_SECRET);
		Map<String, String> unknownToken = Map.of("token", "unknown-" + System.nanoTime());
		assertThat(form("/oauth2/introspect", unknownToken, rs).statusCode()).isEqualTo(200);
		redis.cli("CONFIG", "SET", "requirepass", "s3cret-outage");
		try {
			// the auth server's connections end, and its reconnections are refused
			redis.cli("--no-auth-warning", "-a", "s3cret-outage", "CLIENT", "KILL", "TYPE", "normal");
			AtomicReference<JsonNode> redisHealth = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
				redisHealth.set(JSON.readTree(
						send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/health"))).body())
					.at("/components/redis"));
				return redisHealth.get().at("/details/reason").asString("").contains("connection");
			});
			assertThat(redisHealth.get().at("/details/reason").asString())
				.isEqualTo("Redis refuses the auth server's connection");
			assertThat(redisHealth.get().at("/details/redisSays").asString()).startsWith("NOAUTH");
			assertThat(redisHealth.get().at("/details/whatToChange").asString()).startsWith("Give the password");
			unavailableJson(form("/oauth2/introspect", unknownToken, rs));
			assertThat(output.getAll().lines().filter((line) -> line.contains("Cannot reconnect to Redis at")))
				.isNotEmpty()
				.allSatisfy((line) -> assertThat(line).contains("NOAUTH", "Give the password"));
			// one line each, not the driver's stack trace every few seconds
			assertThat(output.getAll()).doesNotContain("\tat io.lettuce", "CompletionException");
		}
		finally {
			redis.cli("--no-auth-warning", "-a", "s3cret-outage", "CONFIG", "SET", "requirepass", "");
			await().atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(300))
				.until(() -> form("/oauth2/introspect", unknownToken, rs).statusCode() == 200);
		}
	}

	@Test
	void requestsWhenRedisRefusesWritesThen503RetryAfterHealthDownAndServedWhenItTakesThemAgain(CapturedOutput output)
			throws Exception {
		Grant grant = grant();
		Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken(),
				"client_id", grant.clientId());
		HttpRequest.Builder register = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth2/register"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(RegistrationClient.inspectorRequest(REDIRECT)));
		// a primary set to take writes only with a replica in sync, and none is (as an
		// old primary after a failover); then a Redis at its memory limit that evicts
		// nothing
		for (String[] refusing : List.of(new String[] { "min-replicas-to-write", "1", "NOREPLICAS" },
				new String[] { "maxmemory", "1", "OOM" })) {
			redis.cli("CONFIG", "SET", refusing[0], refusing[1]);
			try {
				unavailableJson(send(register));
				// the rotation, a script
				unavailableJson(form("/oauth2/token", refresh, null));
				// Redis still answers INFO, so only a write tells (at most once per 10 s)
				JsonNode down = awaitHealth(503);
				assertThat(down.at("/components/redis/status").asString()).isEqualTo("UP");
				assertThat(down.at("/components/redisWrites/status").asString()).isEqualTo("DOWN");
				assertThat(down.at("/components/redisWrites/details/redisSays").asString()).startsWith(refusing[2]);
				assertThat(down.at("/components/redisWrites/details/whatToChange").asString())
					.contains(refusing[2].equals("OOM") ? "maxmemory" : "min-replicas-to-write");
			}
			finally {
				redis.cli("CONFIG", "SET", refusing[0], "0");
			}
			assertThat(send(register).statusCode()).as("after " + refusing[0]).isEqualTo(201);
			assertThat(awaitHealth(200).at("/components/redisWrites/status").asString()).isEqualTo("UP");
		}
		// once per refusal, not once per health read
		assertThat(output.getAll().lines().filter((line) -> line.contains("Redis refuses the auth server's writes")))
			.hasSize(2);
		assertThat(
				output.getAll().lines().filter((line) -> line.contains("Redis takes the auth server's writes again")))
			.hasSize(2);
		// the refresh refused meanwhile did not use up the token
		HttpResponse<String> refreshed = form("/oauth2/token", refresh, null);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
	}

	/** The health answer once its status is the one given (it is read every 200 ms). */
	private JsonNode awaitHealth(int status) {
		AtomicReference<HttpResponse<String>> health = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			health.set(send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/health")).GET()));
			return health.get().statusCode() == status;
		});
		return JSON.readTree(health.get().body());
	}

	/** A public client signed in through as alice, with its first tokens. */
	private static Grant grant() {
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
		HttpResponse<String> issued = flow.exchangeCode(clientId, code, pkce, REDIRECT, null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		Map<String, Object> tokens = Json.parse(issued.body());
		return new Grant(clientId, (String) tokens.get("access_token"), (String) tokens.get("refresh_token"));
	}

	private HttpResponse<String> form(String path, Map<String, String> form, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Browser.form(form)));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		if (response.statusCode() == 503) {
			// the configured timeout bounds the wait, with a margin for a busy test
			// machine (1.4 s more seen at a load of 11 on 2 cores)
			assertThat(took).as("%s answered 503 after", response.uri()).isLessThan(TIMEOUT.plusSeconds(3));
		}
		return response;
	}

	private static HttpResponse<String> unavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("%s %s", response.uri(), response.body()).isEqualTo(503);
		// well inside the refresh grace (30 s), so a refresh retried as told still finds
		// its token pair (RedisRefreshCutIT)
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		return response;
	}

	private static void unavailableJson(HttpResponse<String> response) {
		unavailable(response);
		assertThat(Json.parse(response.body())).containsEntry("error", "temporarily_unavailable")
			.containsKey("error_description");
	}

	private record Grant(String clientId, String accessToken, String refreshToken) {
	}

}
