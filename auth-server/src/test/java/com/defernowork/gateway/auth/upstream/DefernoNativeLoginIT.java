package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.web.http.DeadlineExceededException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connector {@code deferno} against a WireMock Deferno: the round trip and each way it
 * can fail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DefernoNativeLoginIT {

	static final int PORT = FreePorts.next();

	static final String BASE = "http://127.0.0.1:" + PORT;

	static final WireMockServer deferno = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		deferno.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> BASE);
		registry.add("auth.storage", () -> "memory");
		registry.add("auth.upstream.connector", () -> "deferno");
		registry.add("auth.upstream.deferno-base-url", () -> deferno.baseUrl() + "/api");
		registry.add("spring.http.clients.read-timeout", () -> "3s");
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	private static final String APP_REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private final Browser browser = new Browser();

	@Autowired
	private MeterRegistry meters;

	/** The builder the sign-in's calls to Deferno are made with. */
	@Autowired
	private RestClient.Builder upstreamClients;

	@BeforeEach
	void stubDeferno() {
		deferno.resetAll();
		deferno.stubFor(post("/api/auth/native/register").willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"version":"0.1","data":{"client_id":"native-123","client_name":"Deferno MCP gateway",
					"redirect_uris":["%s/login/callback"],"token_endpoint_auth_method":"none"},"error":null}"""
				.formatted(BASE))));
		deferno.stubFor(post("/api/auth/native/token").willReturn(okJson("""
				{"version":"0.1","data":{"id":"tok-1","name":"Deferno MCP gateway","kind":"personal_access_token",
				"token":"dfr_pat_alice"},"error":null}""")));
		deferno.stubFor(get("/api/auth/me").withHeader("Authorization", equalTo("Bearer dfr_pat_alice"))
			.willReturn(okJson("""
					{"id":"7f7c2a36-alice","username":"alice","display_name":"Alice Example","is_admin":false}""")));
	}

	private Map<String, String> startSignIn() {
		return startSignIn(this.browser);
	}

	/**
	 * The browser back from Deferno with a code for the sign-in {@code authorize}
	 * started.
	 */
	private HttpResponse<String> callback(Map<String, String> authorize) {
		return this.browser.get(BASE + "/login/callback?code=native-code&state=" + authorize.get("state"));
	}

	private static Map<String, String> startSignIn(Browser browser) {
		HttpResponse<String> login = GatewaySignIn.start(browser, BASE);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		String authorize = Browser.location(login);
		assertThat(authorize).startsWith(deferno.baseUrl() + "/api/auth/native/authorize?");
		return Browser.query(authorize);
	}

	@Test
	void signInWhenDefernoApprovesThenRedeemedWithPkceAndReturnedToSavedRequest() throws Exception {
		HttpResponse<String> apps = this.browser.get(BASE + "/connected-apps");
		assertThat(apps.statusCode()).isEqualTo(302);
		assertThat(Browser.location(apps)).endsWith("/login");

		Map<String, String> authorize = startSignIn();
		assertThat(authorize).containsEntry("client_id", "native-123")
			.containsEntry("redirect_uri", BASE + "/login/callback")
			.containsEntry("response_type", "code")
			.containsEntry("code_challenge_method", "S256")
			.containsKey("state");

		HttpResponse<String> callback = callback(authorize);
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		assertThat(Browser.location(callback)).startsWith(BASE + "/connected-apps");

		LoggedRequest redeem = deferno.findAll(postRequestedFor(urlPathEqualTo("/api/auth/native/token"))).get(0);
		String verifier = new tools.jackson.databind.json.JsonMapper().readTree(redeem.getBodyAsString())
			.path("code_verifier")
			.asString();
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(digest))
			.isEqualTo(authorize.get("code_challenge"));
		assertThat(redeem.getBodyAsString()).contains("\"code\":\"native-code\"", "\"client_id\":\"native-123\"");

		// the registration is kept for the next sign-in
		int registrations = deferno.findAll(postRequestedFor(urlPathEqualTo("/api/auth/native/register"))).size();
		startSignIn();
		deferno.verify(registrations, postRequestedFor(urlPathEqualTo("/api/auth/native/register")));
	}

	@Test
	void startAndCallbackWhenAnotherMethodThanGetThen405AndTheSignInInProgressStillCompletes() {
		// a HEAD or OPTIONS started a sign-in of its own, five of them pushed the
		// person's
		// out of those a session keeps, and the callback ran for any method
		Map<String, String> authorize = startSignIn();
		String callback = BASE + "/login/callback?code=native-code&state=" + authorize.get("state");
		for (String path : List.of(BASE + "/oauth2/authorization/deferno", callback)) {
			for (String method : List.of("HEAD", "POST", "PUT", "DELETE", "HEAD", "HEAD", "HEAD", "HEAD")) {
				HttpResponse<String> answer = this.browser.send(
						HttpRequest.newBuilder(URI.create(path)).method(method, HttpRequest.BodyPublishers.noBody()),
						"Accept", Browser.HTML);
				assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(405);
				assertThat(answer.headers().firstValue("Allow")).as(method + " " + path).hasValue("GET");
			}
			HttpResponse<String> page = this.browser.send(
					HttpRequest.newBuilder(URI.create(path)).method("POST", HttpRequest.BodyPublishers.noBody()),
					"Accept", Browser.HTML);
			assertThat(page.body()).contains("This address does not take this kind of request");
			HttpResponse<String> options = this.browser
				.send(HttpRequest.newBuilder(URI.create(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
			assertThat(options.statusCode()).isEqualTo(204);
			assertThat(options.headers().firstValue("Allow")).hasValue("GET,OPTIONS");
		}
		deferno.verify(0, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));
		HttpResponse<String> signedIn = this.browser.get(callback);
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		assertThat(Browser.location(signedIn)).startsWith(BASE + "/connected-apps");
	}

	@Test
	void callbackWhenLoadedTwiceAtOnceThenDefernoIsAskedOnceAndTheOtherIsTheExpiredLinkPage() {
		// a slow Deferno: the second load arrives while the first redeems the code
		deferno.stubFor(post("/api/auth/native/token").willReturn(okJson("""
				{"version":"0.1","data":{"id":"tok-1","name":"Deferno MCP gateway","kind":"personal_access_token",
				"token":"dfr_pat_alice"},"error":null}""").withFixedDelay(1000)));
		String callback = BASE + "/login/callback?code=native-code&state=" + startSignIn().get("state");

		List<HttpResponse<String>> answers = Stream
			.of(CompletableFuture.supplyAsync(() -> this.browser.get(callback, "Accept", Browser.HTML)),
					CompletableFuture.supplyAsync(() -> this.browser.get(callback, "Accept", Browser.HTML)))
			.map(CompletableFuture::join)
			.toList();

		assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(302, 400);
		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 400)
			.singleElement()
			.satisfies((expired) -> assertThat(expired.body()).contains("This sign-in link has expired")
				.doesNotContain("did not accept"));
		deferno.verify(1, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));
	}

	@Test
	void callbackWhenStateDoesNotMatchThenExpiredPageOfferingToStartAgain() {
		startSignIn();
		HttpResponse<String> callback = this.browser.get(BASE + "/login/callback?code=c&state=forged");
		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(callback.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		// the page's own link only signs in: an application's sign-in starts at the
		// application
		assertThat(callback.body()).contains("This sign-in link has expired", "Start again from your application",
				"href=\"/login\"", "Sign in to the gateway", "otherwise opens your connected apps");
		assertThat(callback.headers().allValues("X-Frame-Options")).containsExactly("DENY");
		assertThat(callback.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("frame-ancestors 'none'", "default-src 'none'"));
		deferno.verify(0, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));
	}

	@Test
	void callbackWhenNoSignInStartedThenExpiredPage() {
		HttpResponse<String> callback = this.browser.get(BASE + "/login/callback?code=c&state=s");
		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(callback.body()).contains("Start again");
	}

	@Test
	void callbackWhenStateReplayedThenExpiredPage() {
		Map<String, String> authorize = startSignIn();
		callback(authorize);
		HttpResponse<String> replay = callback(authorize);
		assertThat(replay.statusCode()).isEqualTo(400);
	}

	@Test
	void callbackWhenUserCancelsWithoutAuthorizationRequestThenCancelledPage() {
		Map<String, String> authorize = startSignIn();
		HttpResponse<String> callback = this.browser
			.get(BASE + "/login/callback?error=access_denied&state=" + authorize.get("state"));
		assertThat(callback.statusCode()).isEqualTo(403);
		assertThat(callback.body()).contains("Sign-in cancelled", "Sign in again");
	}

	@Test
	void callbackWhenDefernoReportsAnErrorThenBadGatewayPageNamingIt() {
		Map<String, String> authorize = startSignIn();
		HttpResponse<String> callback = this.browser
			.get(BASE + "/login/callback?error=server_error&state=" + authorize.get("state"));
		assertThat(callback.statusCode()).isEqualTo(502);
		assertThat(callback.body()).contains("Deferno could not sign you in", "Deferno reported: server_error.");
	}

	@Test
	void callbackWhenCodeOrStateRepeatedThenRefusedAndTheRealAnswerStillCompletes() {
		// the framework took the first of each: RFC 6749 §3.1 has none sent twice
		Map<String, String> authorize = startSignIn();
		String state = authorize.get("state");
		for (String query : List.of("code=native-code&code=native-code&state=" + state,
				"code=native-code&state=" + state + "&state=zzz", "error=access_denied&state=" + state + "&state=x")) {
			HttpResponse<String> refused = this.browser.get(BASE + "/login/callback?" + query);
			assertThat(refused.statusCode()).as(query).isEqualTo(400);
			assertThat(refused.body()).as(query).contains("Sign-in did not finish", "more than once");
		}
		deferno.verify(0, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));
		HttpResponse<String> signedIn = this.browser.get(BASE + "/login/callback?code=native-code&state=" + state);
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
	}

	@Test
	void callbackWhenDefernoReportsAnErrorOutsideTheCodesCharactersThenNotShownAsItsWords() {
		Map<String, String> authorize = startSignIn();
		HttpResponse<String> callback = this.browser.get(BASE + "/login/callback?error="
				+ Browser.encode("Call \"support\" at evil.example") + "&state=" + authorize.get("state"));
		assertThat(callback.statusCode()).isEqualTo(502);
		assertThat(callback.body()).contains("Deferno reported: an error.").doesNotContain("evil.example");
	}

	@Test
	void callbackWhenErrorWithoutStateThenBadRequestPageNotBlamingDeferno() {
		startSignIn();
		HttpResponse<String> callback = this.browser.get(BASE + "/login/callback?error=server_error");
		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(callback.body()).contains("Sign-in did not finish", "Start again")
			.doesNotContain("Deferno reported");
		// a code without the state is no answer either, and the page does not say the
		// code is what is missing
		HttpResponse<String> codeOnly = this.browser.get(BASE + "/login/callback?code=abc");
		assertThat(codeOnly.statusCode()).isEqualTo(400);
		assertThat(codeOnly.body()).contains("it lacks the sign-in&#39;s code or its state");
		deferno.verify(0, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));
	}

	@Test
	void callbackWhenDefernoUnreachableThenPageWithRetryLink() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
		HttpResponse<String> login = callback(authorize);
		assertThat(login.statusCode()).isEqualTo(503);
		assertThat(login.body()).contains("Deferno cannot be reached right now", "Retry sign-in", "href=\"/login\"")
			.doesNotContain("Exception", "at com.");
	}

	@Test
	void callbackWhenDefernoAnswersWithAHugeBodyThenAPageWithoutReadingIt() {
		// read whole, a few of these would take the heap and stop the server for everyone
		String huge = "{\"version\":\"0.1\",\"data\":{\"token\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}";
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(huge)));
		HttpResponse<String> login = callback(authorize);
		assertThat(login.statusCode()).isEqualTo(503);
		assertThat(login.body()).contains("Deferno cannot be reached right now", "Retry sign-in")
			.doesNotContain("Exception", "at com.");

		// a refusal whose body is too long to read is a refusal all the same
		authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(huge)));
		login = callback(authorize);
		assertThat(login.statusCode()).isEqualTo(502);
		assertThat(login.body()).contains("Deferno did not accept the sign-in", "Try again")
			.doesNotContain("Exception", "at com.");
	}

	@Test
	void callbackWhenDefernoCannotNameTheTokensOwnerThenThePageAndTheNewTokenIsRevoked() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(get("/api/auth/me").willReturn(aResponse().withStatus(500)));
		deferno.stubFor(delete("/api/auth/tokens/tok-1").willReturn(aResponse().withStatus(204)));
		HttpResponse<String> login = callback(authorize);
		assertThat(login.statusCode()).isGreaterThanOrEqualTo(500);
		assertThat(login.body()).contains("Retry sign-in").doesNotContain("Exception", "at com.");
		// the token Deferno made for this sign-in, which nothing holds
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> deferno.verify(1, deleteRequestedFor(urlPathEqualTo("/api/auth/tokens/tok-1"))
				.withHeader("Authorization", equalTo("Bearer dfr_pat_alice"))));
	}

	@Test
	void callbackWhenDefernoAnswers503WithRetryAfterThenTheOneTimeCodeIsSentOnceAndThePageSaysSoAtOnce() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token").willReturn(aResponse().withStatus(503)
			.withHeader("Retry-After", "1")
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"version":"0.1","data":null,"error":{"code":"unavailable","message":"try later"}}""")));
		HttpResponse<String> login = callback(authorize);
		assertThat(login.statusCode()).isEqualTo(503);
		assertThat(login.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(login.body()).contains("Deferno cannot be reached right now", "try again in 1 second.",
				"Retry sign-in");
		// what the person can quote, which leads to this request's log lines
		String trace = login.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(login.body()).contains("Reference for support:", "<code>" + trace + "</code>");
		// a code is redeemed once: sent again, Deferno would refuse it, or finish a
		// sign-in for a browser that has gone
		deferno.verify(1, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));
	}

	@Test
	void callbackWhenDefernoAsksForAPauseThenABusyPageWithItsWaitNotARefusal() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token").willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "30")
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"version":"0.1","data":null,"error":{"code":"rate_limited","message":"slow down"}}""")));
		HttpResponse<String> login = callback(authorize);
		assertThat(login.statusCode()).isEqualTo(503);
		assertThat(login.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(login.body()).contains("Deferno is busy right now", "try again in 30 seconds.", "Retry sign-in")
			.doesNotContain("did not accept", "Exception");
		deferno.verify(1, postRequestedFor(urlPathEqualTo("/api/auth/native/token")));

		// a wait too long to ask of a person at a browser, or none, is not passed on
		for (String wait : new String[] { "86400", "soon" }) {
			authorize = startSignIn();
			deferno.stubFor(post("/api/auth/native/token")
				.willReturn(aResponse().withStatus(429).withHeader("Retry-After", wait)));
			login = callback(authorize);
			assertThat(login.statusCode()).isEqualTo(503);
			assertThat(login.headers().firstValue("Retry-After")).isEmpty();
			assertThat(login.body()).contains("Deferno is busy right now", "please try again in a moment");
		}
	}

	@Test
	void loginWhenDefernoMustRegisterUsAgainButIsUnreachableThenPageWithRetryLink() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("""
					{"version":"0.1","data":null,"error":{"code":"invalid_client","message":"unknown client"}}""")));
		callback(authorize);
		deferno.stubFor(post("/api/auth/native/register")
			.willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
		HttpResponse<String> login = GatewaySignIn.start(this.browser, BASE);
		assertThat(login.statusCode()).isEqualTo(503);
		assertThat(login.body()).contains("Deferno cannot be reached right now", "Retry sign-in", "href=\"/login\"")
			.doesNotContain("Exception", "at com.");
	}

	@Test
	void startWhenNoSuchUpstreamThenNotFoundPage() {
		HttpResponse<String> start = this.browser.get(BASE + "/oauth2/authorization/elsewhere");
		assertThat(start.statusCode()).isEqualTo(404);
		assertThat(start.body()).contains("There is no such sign-in", "href=\"/login\"").doesNotContain("Exception");
	}

	@Test
	void callbackWhenDefernoTooSlowThenTimeoutPage() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token").willReturn(okJson("{}").withFixedDelay(6000)));
		HttpResponse<String> callback = callback(authorize);
		assertThat(callback.statusCode()).isEqualTo(504);
		assertThat(callback.body()).contains("Deferno is taking too long", "Retry sign-in");
	}

	@Test
	void upstreamCallWhenTheAnswerTricklesPastTheReadTimeoutThenItIsCutThere() throws Exception {
		// a byte every 300 ms keeps each read within the 3 s timeout; the whole answer
		// would take 6 s
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> trickle(server, 20, Duration.ofMillis(300)));
			RestClient rest = this.upstreamClients.build();
			assertThatExceptionOfType(RestClientException.class)
				.isThrownBy(() -> rest.get()
					.uri("http://127.0.0.1:" + server.getLocalPort() + "/api/auth/me")
					.retrieve()
					.body(String.class))
				.withCauseInstanceOf(DeadlineExceededException.class);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void callbackWhenDefernoTimesOutThenAWarningSaysWhichCallAndHow(CapturedOutput output) {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token").willReturn(okJson("{}").withFixedDelay(6000)));
		callback(authorize);
		assertThat(output.getAll()).contains("A sign-in's call upstream (Deferno or the identity provider) timed out",
				"/api/auth/native/token");
	}

	/**
	 * Answers one request with a body of {@code bytes} bytes, one every {@code pause}.
	 */
	private static void trickle(ServerSocket server, int bytes, Duration pause) {
		try (Socket socket = server.accept()) {
			socket.getOutputStream()
				.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < bytes; i++) {
				Thread.sleep(pause);
				socket.getOutputStream().write(' ');
				socket.getOutputStream().flush();
			}
		}
		catch (IOException ex) {
			// the client cut the answer off: what the test expects
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void callbackWhenDefernoRefusesCodeThenBadRequestPage() {
		HttpResponse<String> callback = callbackWhenTokenRefused(400, "invalid_grant", "code expired");
		// the code the browser brought back is bad: the browser's request, not a failing
		// upstream
		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(callback.body()).contains("Deferno did not accept the sign-in", "code expired", "Try again");
	}

	@Test
	void callbackWhenDefernoHasNoSuchRouteThenBadGatewayPageAndAWarning(CapturedOutput output) {
		// what a DEFERNO_BASE_URL without Deferno's API path reaches
		HttpResponse<String> callback = callbackWhenTokenRefused(404, "not_found", "no such route");

		assertThat(callback.statusCode()).isEqualTo(502);
		assertThat(callback.body()).contains("Deferno did not accept the sign-in", "no such route");
		assertThat(output).contains("WARN").contains("Deferno refused a sign-in:").contains("no such route");
		// every sign-in fails alike until it is fixed: one line per interval, not one
		// each
		for (int again = 0; again < 3; again++) {
			assertThat(callbackWhenTokenRefused(404, "not_found", "no such route").statusCode()).isEqualTo(502);
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Deferno refused a sign-in:"))).hasSize(1);
	}

	/** A sign-in whose code Deferno's token endpoint refuses with this error. */
	private HttpResponse<String> callbackWhenTokenRefused(int status, String code, String message) {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
					{"version":"0.1","data":null,"error":{"code":"%s","message":"%s"}}""".formatted(code, message))));
		return callback(authorize);
	}

	@Test
	void signInsWhenTwoMustRegisterAtOnceThenBothUseTheOneKept() throws Exception {
		forgetRegistration();
		// Deferno answers each registration slowly and with a client id of its own
		deferno.stubFor(post("/api/auth/native/register").inScenario("registrations")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("second")
			.willReturn(registered("native-first").withFixedDelay(700)));
		deferno.stubFor(post("/api/auth/native/register").inScenario("registrations")
			.whenScenarioStateIs("second")
			.willReturn(registered("native-second").withFixedDelay(700)));

		try (ExecutorService both = Executors.newFixedThreadPool(2)) {
			Future<Map<String, String>> first = both.submit(() -> startSignIn(new Browser()));
			Future<Map<String, String>> second = both.submit(() -> startSignIn(new Browser()));
			assertThat(first.get().get("client_id")).isEqualTo(second.get().get("client_id"));
		}
		assertThat(deferno.findAll(postRequestedFor(urlPathEqualTo("/api/auth/native/register")))).hasSize(2);
	}

	/**
	 * Redeeming with a client id Deferno calls unknown makes the next sign-in register.
	 */
	private void forgetRegistration() {
		Map<String, String> authorize = startSignIn();
		deferno.stubFor(post("/api/auth/native/token")
			.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
					{"version":"0.1","data":null,"error":{"code":"invalid_client","message":"unknown client"}}""")));
		assertThat(callback(authorize).statusCode()).isEqualTo(502);
		deferno.resetRequests();
	}

	private static ResponseDefinitionBuilder registered(String clientId) {
		return aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"version":"0.1","data":{"client_id":"%s","client_name":"Deferno MCP gateway",
					"redirect_uris":["%s/login/callback"],"token_endpoint_auth_method":"none"},"error":null}"""
				.formatted(clientId, BASE));
	}

	@Test
	void signInsWhenTheyEndOnAFailurePageThenEachIsAuditedOnceNamingItsAppAndCountedByReason(CapturedOutput output) {
		forgetRegistration();
		String clientId = (String) new RegistrationClient(BASE).registerPublic(APP_REDIRECT).get("client_id");
		Map<String, Double> before = signIns();

		// Deferno fails at the start: registering us again answers 503, then refuses our
		// callback address
		deferno.stubFor(post("/api/auth/native/register").willReturn(aResponse().withStatus(503)));
		assertThat(startFor(clientId).statusCode()).isEqualTo(503);
		deferno.stubFor(post("/api/auth/native/register")
			.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
					{"version":"0.1","data":null,"error":{"code":"invalid_redirect_uri","message":"not allowed"}}""")));
		assertThat(startFor(clientId).statusCode()).isEqualTo(502);
		stubDeferno();
		// a foreign or spent state: what everyone gets when the issuer is opened at an
		// alias
		HttpResponse<String> expired = new Browser().get(BASE + "/login/callback?code=c&state=foreign");
		assertThat(expired.body()).contains("This sign-in link has expired");
		// the person presses Cancel at Deferno
		Map<String, String> cancelled = Browser.query(Browser.location(startFor(clientId)));
		assertThat(this.browser.get(BASE + "/login/callback?error=access_denied&state=" + cancelled.get("state"))
			.statusCode()).isEqualTo(302);
		// Deferno's token endpoint fails
		Map<String, String> failing = Browser.query(Browser.location(startFor(clientId)));
		deferno.stubFor(post("/api/auth/native/token").willReturn(aResponse().withStatus(503)));
		assertThat(callback(failing).statusCode()).isEqualTo(503);

		Map<String, Double> after = signIns();
		assertThat(after.get("failure deferno_unavailable") - before.get("failure deferno_unavailable")).isEqualTo(2);
		assertThat(after.get("failure deferno_refused") - before.get("failure deferno_refused")).isEqualTo(1);
		assertThat(after.get("failure expired") - before.get("failure expired")).isEqualTo(1);
		assertThat(after.get("cancelled none") - before.get("cancelled none")).isEqualTo(1);
		// once each: nothing else moved
		assertThat(after.values().stream().mapToDouble(Double::doubleValue).sum()
				- before.values().stream().mapToDouble(Double::doubleValue).sum())
			.isEqualTo(5);
		String app = "{\"event\":\"sign_in\",\"client\":\"" + clientId + "\",\"connector\":\"deferno\",";
		assertThat(output.getAll()).contains(app
				+ "\"outcome\":\"failure\",\"reason\":\"deferno_unavailable\",\"error\":\"temporarily_unavailable\"}",
				app + "\"outcome\":\"failure\",\"reason\":\"deferno_refused\",\"error\":\"invalid_redirect_uri\"}",
				app + "\"outcome\":\"cancelled\"}",
				"{\"event\":\"sign_in\",\"connector\":\"deferno\",\"outcome\":\"failure\",\"reason\":\"expired\","
						+ "\"error\":\"authorization_request_not_found\"}");
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains("\"event\":\"sign_in\"")
					&& line.contains("\"reason\":\"deferno_unavailable\"")))
			.hasSize(2);
	}

	/** This server's sign-in counters by outcome and reason. */
	private Map<String, Double> signIns() {
		Map<String, Double> counts = new java.util.TreeMap<>();
		this.meters.find("gateway.auth.sign.ins")
			.counters()
			.forEach((counter) -> counts.put(counter.getId().getTag("outcome") + " " + counter.getId().getTag("reason"),
					counter.count()));
		return counts;
	}

	/**
	 * The browser sent from the MCP client's authorization request to the sign-in's
	 * start; returns the start's answer.
	 */
	private HttpResponse<String> startFor(String clientId) {
		HttpResponse<String> toSignIn = this.browser.get(
				BASE + "/oauth2/authorize?"
						+ Browser.form(AuthorizationCodeFlow.request(clientId, APP_REDIRECT, Pkce.s256(), "app-state")),
				"Accept", Browser.HTML);
		assertThat(Browser.location(toSignIn)).as(toSignIn.body()).contains("/oauth2/authorization/deferno?request=");
		return this.browser.get(URI.create(BASE).resolve(Browser.location(toSignIn)).toString());
	}

	@Test
	void callbackWhenDefernoForgotRegistrationThenRegistersAgainNextTime() {
		forgetRegistration();
		startSignIn();
		assertThat(deferno.findAll(postRequestedFor(urlPathEqualTo("/api/auth/native/register")))).hasSize(1);
	}

}
