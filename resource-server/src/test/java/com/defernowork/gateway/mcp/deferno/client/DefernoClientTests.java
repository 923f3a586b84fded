package com.defernowork.gateway.mcp.deferno.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.http.ByteBudget;
import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.mcp.support.DefernoRecords;
import com.defernowork.gateway.mcp.support.FullBacklog;
import com.defernowork.gateway.mcp.support.SlowServer;
import com.defernowork.gateway.mcp.support.SlowServer.Answer;
import com.defernowork.gateway.testsupport.FreePorts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class DefernoClientTests {

	/**
	 * A call cut by its deadline ends within this: far above the deadlines under test (a
	 * loaded machine is slow), far below what an uncut call takes (a 20 s trickle, a 10 s
	 * connect timeout).
	 */
	private static final Duration CUT_WITHIN = Duration.ofSeconds(5);

	static final WireMockServer deferno = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	@BeforeAll
	static void start() {
		deferno.start();
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	@BeforeEach
	void reset() {
		deferno.resetAll();
	}

	@Test
	void callWhenNoTokenSourceThenUnavailableBeforeAnyHttpAndToolResultExplains() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		DefernoClient client = new DefernoClient(RestClient.create(),
				new DefernoProperties("http://127.0.0.1:9/api/", "", Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 0,
						Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55)),
				JsonMapper.builder().build(), beans.getBeanProvider(DefernoTokenSource.class),
				beans.getBeanProvider(DefernoUnauthorizedListener.class));
		assertThatExceptionOfType(DefernoTokenUnavailableException.class).isThrownBy(() -> client.get("/auth/me"));
		var result = new ToolResults(JsonMapper.builder().build()).run("whoami", true, (args) -> client.get("/auth/me"),
				Map.of());
		assertThat(result.isError()).isTrue();
		// this server's configuration: signing in again would not help
		assertThat(result.content().toString())
			.contains("no Deferno token for this call: no Deferno token source " + "is configured on this server")
			.doesNotContain("sign in");
	}

	@Test
	void writeWhenNoConnectionCanBeOpenedThenSaysNothingWasApplied(CapturedOutput output) {
		DefernoClient client = clientOf("http://127.0.0.1:" + FreePorts.next() + "/api");
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
			.withMessage("Deferno is unreachable; the change was not sent, so nothing was applied; try again later")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("deferno_unreachable"));
		assertThat(output.getAll()).contains("WARN",
				"Deferno call POST /items/plan/add failed: connection refused; nothing was sent");
	}

	@Test
	void callsNoteWhetherDefernoAnsweredForTheHealthComponentNamingTheEndpointNotItsValues(CapturedOutput output) {
		deferno.stubFor(get("/api/items/0b1c").willReturn(okJson("{\"version\":\"0.2\",\"data\":{}}")));
		deferno.stubFor(get(urlPathEqualTo("/api/items/search")).willReturn(aResponse().withStatus(503)
			.withHeader("X-Request-Id", "req-7")
			.withBody(
					"{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}")));
		DefernoAnswers answers = new DefernoAnswers(Clock.systemUTC());
		DefernoClient client = clientOf(new DefernoProperties(deferno.baseUrl() + "/api", "", Duration.ofSeconds(1),
				Duration.ofSeconds(1), 2, 0, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55)), answers);

		client.get("/items/0b1c");
		assertThat(answers.last().serving()).isTrue();
		assertThat(answers.last().cause()).isEqualTo("200 from GET /items/{id}");

		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/items/search?q=secret"));
		assertThat(answers.last().serving()).isFalse();
		assertThat(answers.last().cause()).isEqualTo("503 from GET /items/search (X-Request-Id req-7)");

		deferno.stubFor(post("/api/occurrences/reschedule").willReturn(aResponse().withStatus(501)
			.withBody(
					"{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"not_implemented\",\"message\":\"no\"}}")));
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> client.post("/occurrences/reschedule", Map.of("date", "2026-12-07")));
		// a refusal, as a 4xx is: Deferno serves, nothing was applied, nothing to warn of
		assertThat(answers.last().serving()).isTrue();
		assertThat(output.getAll()).doesNotContain("POST /occurrences/reschedule failed");

		DefernoAnswers refused = new DefernoAnswers(Clock.systemUTC());
		DefernoClient unreachable = clientOf(
				new DefernoProperties("http://127.0.0.1:" + FreePorts.next() + "/api", "", Duration.ofSeconds(1),
						Duration.ofSeconds(1), 2, 0, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55)),
				refused);
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> unreachable.post("/items/plan/add", Map.of("task_id", "x")));
		assertThat(refused.last().serving()).isFalse();
		assertThat(refused.last().cause()).isEqualTo("POST /items/plan/add: connection refused; nothing was sent");
	}

	@Test
	void callsWhenDefernosAnswerIsLargerThanWhatIsReadThenAnErrorSayingWhatToDo() {
		String head = "{\"version\":\"0.2\",\"data\":\"";
		String largest = head + "x".repeat(DefernoClient.MAX_ANSWER_BYTES - head.length() - 2) + "\"}";
		deferno.stubFor(get("/api/tasks/mood-history").willReturn(okJson(largest + " ")));
		deferno.stubFor(post("/api/items/plan/add").willReturn(okJson(largest + " ")));
		deferno.stubFor(get("/api/items/plan").willReturn(okJson(largest)));
		deferno.stubFor(get("/api/items/missing").willReturn(okJson(largest + " ").withStatus(404)));
		DefernoClient client = clientOf(deferno.baseUrl() + "/api", Duration.ofSeconds(10), 0);

		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/tasks/mood-history"))
			.withMessage("Deferno's answer (HTTP 200) is larger than the 4 MB this gateway reads; ask for less where"
					+ " the call allows it (a lower limit, fewer days, without full)")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("answer_too_large"));
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
			.withMessage("Deferno applied the change (HTTP 200), but its answer is larger than"
					+ " the 4 MB this gateway reads, so it is not shown: read the item back to see it");
		// a refusal is known by its status
		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/items/missing"))
			.withMessage("Deferno API error 404: Not Found");
		assertThat(client.get("/items/plan").stringValue()).as("one byte less is read")
			.hasSize(largest.length() - head.length() - 2);
	}

	@Test
	void callsWhenOtherAnswersHoldTheBudgetThenWaitWithinTheCallsTimeThenSayWhatToDo(CapturedOutput output)
			throws Exception {
		String answer = "{\"version\":\"0.2\",\"data\":\"" + "x".repeat(40 * 1024) + "\"}";
		deferno.stubFor(get("/api/items/plan").willReturn(okJson(answer)));
		deferno.stubFor(post("/api/items/plan/add").willReturn(okJson(answer)));
		ByteBudget answers = new ByteBudget(64 * 1024);
		DefernoClient client = withAnswerBudget(answers, Duration.ofSeconds(10));
		// other calls' answers, being read and parsed
		ByteBudget.Read held = answers.read(new ByteArrayInputStream(new byte[60 * 1024]), -1, 64 * 1024,
				Duration.ZERO);

		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> CallDeadline.within(Duration.ofMillis(300), () -> client.get("/items/plan")))
			.withMessage("Deferno's answer (HTTP 200) is more than this gateway had room for in time (it is"
					+ " reading many large answers at once); try again in a moment");
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> CallDeadline.within(Duration.ofMillis(300),
					() -> client.post("/items/plan/add", Map.of("task_id", "x"))))
			.withMessage("Deferno applied the change (HTTP 200), but its answer is more than"
					+ " this gateway had room for in time (it is reading many large answers at once), so it is not"
					+ " shown: read the item back to see it");
		// this gateway's limit, said as such (once: the second is within the same minute)
		assertThat(output.getAll()).contains(
				"Deferno call GET /items/plan failed: no room to read its answer in time (many large answers at once)");

		CompletableFuture<JsonNode> waiting = CompletableFuture
			.supplyAsync(() -> CallDeadline.within(Duration.ofSeconds(20), () -> client.get("/items/plan")));
		Thread.sleep(300);
		answers.release(held);
		assertThat(waiting.get(20, TimeUnit.SECONDS).stringValue()).as("read once room was given back")
			.hasSize(40 * 1024);
		// and every answer read gave its bytes back
		assertThat(answers.read(new ByteArrayInputStream(new byte[64 * 1024]), -1, 64 * 1024, Duration.ZERO).outcome())
			.isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWithinAToolCallThenItsLargestAnswerStaysCountedUntilTheResultIsBuilt() throws Exception {
		String answer = "{\"version\":\"0.2\",\"data\":\"" + "x".repeat(40 * 1024) + "\"}";
		deferno.stubFor(get("/api/items/plan").willReturn(okJson(answer)));
		deferno.stubFor(get("/api/items/mood").willReturn(okJson(answer)));
		deferno.stubFor(get("/api/items/by-seq/7")
			.willReturn(okJson("{\"version\":\"0.2\",\"data\":\"" + "y".repeat(8 * 1024) + "\"}")));
		ByteBudget answers = new ByteBudget(64 * 1024);
		DefernoClient client = withAnswerBudget(answers, Duration.ofSeconds(3));

		int room = HeldAnswers.until(() -> {
			client.get("/items/plan");
			// parsed, not yet turned into a result: another call's answer finds no room
			assertThat(roomNow(answers, 40 * 1024)).isEqualTo(ByteBudget.Outcome.NO_ROOM);
			// smaller answers of the same call (refs it resolves) are not held besides
			for (int i = 0; i < 3; i++) {
				client.get("/items/by-seq/7");
			}
			assertThat(roomNow(answers, 20 * 1024)).isEqualTo(ByteBudget.Outcome.READ);
			assertThat(roomNow(answers, 30 * 1024)).as("the largest is still held")
				.isEqualTo(ByteBudget.Outcome.NO_ROOM);
			// a second large answer of the same call does not wait for the first: it is
			// given back first
			return client.get("/items/mood").stringValue().length();
		});

		assertThat(room).isEqualTo(40 * 1024);
		// the result built, every byte is given back
		ByteBudget.Read all = answers.read(new ByteArrayInputStream(new byte[64 * 1024]), -1, 64 * 1024, Duration.ZERO);
		assertThat(all.outcome()).isEqualTo(ByteBudget.Outcome.READ);
		answers.release(all);
		// outside a tool call, given back once parsed
		client.get("/items/plan");
		assertThat(answers.read(new ByteArrayInputStream(new byte[64 * 1024]), -1, 64 * 1024, Duration.ZERO).outcome())
			.isEqualTo(ByteBudget.Outcome.READ);
	}

	@Test
	void readWhenItsAnswerCameLateAndTheBudgetIsHeldThenItWaitsOnlyWithinTheReadTimeout() throws Exception {
		deferno.stubFor(get("/api/items/plan").willReturn(
				okJson("{\"version\":\"0.2\",\"data\":\"" + "x".repeat(40 * 1024) + "\"}").withFixedDelay(1000)));
		ByteBudget answers = new ByteBudget(64 * 1024);
		DefernoClient client = withAnswerBudget(answers, Duration.ofSeconds(3));
		ByteBudget.Read held = answers.read(new ByteArrayInputStream(new byte[64 * 1024]), -1, 64 * 1024,
				Duration.ZERO);
		// room comes back after the read timeout but within the five seconds a call may
		// wait for it
		CompletableFuture.runAsync(() -> answers.release(held),
				CompletableFuture.delayedExecutor(4500, TimeUnit.MILLISECONDS));

		// the head came a second into the three-second read timeout, which bounds the
		// whole
		// answer: the call does not wait past it (it was read once room came, at 4.5 s)
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> CallDeadline.within(Duration.ofSeconds(20), () -> client.get("/items/plan")))
			.withMessage("Deferno's answer (HTTP 200) is more than this gateway had room for in time (it is"
					+ " reading many large answers at once); try again in a moment");
	}

	@Test
	void readWhenDefernoAnswersAServerErrorThenOneWarningWithThePathsTemplateAndRequestIdNeverItsValues(
			CapturedOutput output) {
		String item = "0b7e6c1a-2f4d-4c8e-9a6b-1d2e3f405162";
		deferno.stubFor(get(urlPathEqualTo("/api/items/by-alias/groceries")).willReturn(aResponse().withStatus(503)
			.withStatusMessage("backend db-primary.internal:5432 down")
			.withHeader("X-Request-Id", "req-42")));
		deferno.stubFor(get(urlPathEqualTo("/api/items/" + item + "/history"))
			.willReturn(aResponse().withStatus(502).withHeader("X-Request-Id", "req-43")));
		DefernoClient client = quickClient();
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> client.get("/items/by-alias/groceries?q=secret+plans"))
			// the standard reason phrase: a proxy's own may name what is behind it
			.withMessageStartingWith("Deferno API error 503: Service Unavailable")
			.withMessageNotContaining("db-primary")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("deferno_error"));
		// the same kind of failure within the interval: counted, not logged
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> client.get("/items/" + item + "/history"));
		deferno.verify(2, getRequestedFor(urlPathEqualTo("/api/items/by-alias/groceries")));
		assertThat(output.getAll())
			.contains("WARN",
					"Deferno call GET /items/by-alias/{value} failed: Deferno answered 503 (X-Request-Id req-42)")
			.doesNotContain("groceries", "secret", item, "test-token", "req-43");
		assertThat(output.getAll().lines().filter((line) -> line.contains("Deferno call "))).hasSize(1);
	}

	@Test
	void readWhenARetryIsAnsweredThenNoWarningOnlyADebugLineAndTheToolCallOk(CapturedOutput output) {
		deferno.stubFor(get("/api/items/recovering").inScenario("recovering")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withHeader("X-Request-Id", "req-51"))
			.willSetStateTo("up"));
		deferno.stubFor(get("/api/items/recovering").inScenario("recovering")
			.whenScenarioStateIs("up")
			.willReturn(okJson("{\"version\":\"0.2\",\"data\":{\"id\":\"x\"},\"error\":null}")));
		List<String> calls = new ArrayList<>();
		DefernoClient client = quickClient();
		Logger logger = (Logger) LoggerFactory.getLogger(DefernoClient.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try {
			var result = new ToolResults(JsonMapper.builder().build(),
					(tool, outcome, reason, answer, duration) -> calls.add(outcome.value() + " " + reason))
				.run("get_item", true, (args) -> client.get("/items/recovering"), Map.of());
			assertThat(result.isError()).isFalse();
		}
		finally {
			logger.setLevel(level);
		}
		deferno.verify(2, getRequestedFor(urlPathEqualTo("/api/items/recovering")));
		assertThat(calls).containsExactly("ok null");
		assertThat(output.getAll().lines().filter((line) -> line.contains("Deferno call "))).singleElement()
			.satisfies((line) -> assertThat(line)
				.contains("DEBUG",
						"Deferno call GET /items/{id} answered at attempt 2 after: Deferno answered 503 "
								+ "(X-Request-Id req-51)")
				.doesNotContain("WARN"));
	}

	@Test
	void readWhenEveryAttemptFailsThenOneWarningForTheLastAndTheToolCallsReason(CapturedOutput output) {
		deferno.stubFor(get("/api/items/down").inScenario("down")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withHeader("X-Request-Id", "req-61"))
			.willSetStateTo("still down"));
		deferno.stubFor(get("/api/items/down").inScenario("down")
			.whenScenarioStateIs("still down")
			.willReturn(aResponse().withStatus(502).withHeader("X-Request-Id", "req-62")));
		List<String> calls = new ArrayList<>();
		DefernoClient client = quickClient();
		var result = new ToolResults(JsonMapper.builder().build(),
				(tool, outcome, reason, answer, duration) -> calls.add(outcome.value() + " " + reason))
			.run("get_item", true, (args) -> client.get("/items/down"), Map.of());
		assertThat(result.isError()).isTrue();
		deferno.verify(2, getRequestedFor(urlPathEqualTo("/api/items/down")));
		assertThat(calls).containsExactly("error deferno_error");
		assertThat(output.getAll().lines().filter((line) -> line.contains("Deferno call "))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN",
					"Deferno call GET /items/{id} failed: Deferno answered 502 (X-Request-Id req-62); tried 2 times"));
	}

	@Test
	void readWhenDefernoFailsInItsEnvelopeThenItsWordsInTheOneWarningOnOneLineAndNotPerAttempt(CapturedOutput output) {
		deferno.stubFor(get("/api/items/enveloped-down").willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withHeader("X-Request-Id", "req-71")
			.withBody("{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"internal\","
					+ "\"message\":\"db down\\nWARN forged\"}}")));
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> quickClient().get("/items/enveloped-down"))
			.withMessageNotContaining("db down");
		deferno.verify(2, getRequestedFor(urlPathEqualTo("/api/items/enveloped-down")));
		assertThat(output.getAll().lines().filter((line) -> line.contains("WARN"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("Deferno call GET /items/{id} failed: Deferno answered 503 "
					+ "[internal]: db down\\nWARN forged (X-Request-Id req-71); tried 2 times"));
		assertThat(output.getAll()).doesNotContain("db down\nWARN forged");
	}

	@Test
	void readsWhenDefernoFailsForEveryoneThenRetriedOnlyWithinTheServersRetryBudget() {
		deferno.stubFor(get(urlPathEqualTo("/api/items/down")).willReturn(aResponse().withStatus(503)));
		// time stands still: no retries earned by the second
		DefernoClient client = clientOf(
				new DefernoProperties(deferno.baseUrl() + "/api", "", Duration.ofSeconds(2), Duration.ofSeconds(2), 4,
						1, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55)),
				DefernoClient.answerBudget(), new RetryBudget(() -> 0L));

		for (int i = 0; i < 50; i++) {
			assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/items/down"));
		}
		// a retry each would be 100: the 20 saved and a fifth of the 49 reads after the
		// first (which found the budget full)
		deferno.verify(50 + 20 + 9, getRequestedFor(urlPathEqualTo("/api/items/down")));
	}

	@Test
	void normalizedBaseUrlWhenTrailingSlashesThenStripped() {
		assertThat(new DefernoProperties("http://x/api//", "", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0,
				Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55))
			.normalizedBaseUrl()).isEqualTo("http://x/api");
	}

	@Test
	void profileTtlWhenUnsetThenHalfAMinuteButNeverLongerThanAnIntrospectionAnswerIsTrusted() {
		DefernoProperties defaults = bind(Map.of(), "deferno", DefernoProperties.class);
		assertThat(defaults.profileTtl()).isEqualTo(Duration.ofSeconds(30));
		assertThat(DefernoClientConfig.profileTtl(defaults,
				bind(Map.of("mcp.security.cache.ceiling", "60s"), "mcp.security", McpSecurityProperties.class)))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(DefernoClientConfig.profileTtl(defaults,
				bind(Map.of("mcp.security.cache.ceiling", "10s"), "mcp.security", McpSecurityProperties.class)))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void readWhenDefernoTooSlowThenTimedOut(CapturedOutput output) {
		deferno.stubFor(get("/api/items/slow").willReturn(okJson("{}").withFixedDelay(1500)));
		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> quickClient().get("/items/slow"))
			.withMessage("Deferno did not answer in time; try again later")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("deferno_timeout"));
		assertThat(output.getAll()).contains("WARN",
				"Deferno call GET /items/{id} failed: no answer within 300 ms (DEFERNO_READ_TIMEOUT)"
						+ System.lineSeparator());
	}

	@Test
	void writeWhenDefernoTooSlowThenOutcomeUnknownAndNotSentAgain(CapturedOutput output) {
		deferno.stubFor(post("/api/items/plan/add").willReturn(okJson("{}").withFixedDelay(1500)));
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> quickClient().post("/items/plan/add", Map.of("task_id", "x")))
			.withMessage("Deferno did not answer in time, so whether the change was applied is "
					+ "unknown: read the item or list back before trying it again")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("unknown_outcome"));
		assertThat(output.getAll()).contains("WARN", "Deferno call POST /items/plan/add failed: no answer within "
				+ "300 ms (DEFERNO_READ_TIMEOUT); whether the write was applied is unknown");
		deferno.verify(1, postRequestedFor(anyUrl()));
	}

	@Test
	void readWhenRetryAfterIsTooLargeForALongThenNotRetriedAndTheWaitReported() {
		deferno.stubFor(get("/api/auth/me")
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "99999999999999999999")));
		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> quickClient().get("/auth/me"))
			.withMessage(
					"Deferno API error 503: Service Unavailable; try again later; Deferno asks to wait more than a "
							+ "day before trying again");
		deferno.verify(1, getRequestedFor(urlPathEqualTo("/api/auth/me")));
	}

	@Test
	void readWhenInterruptedWhileWaitingOutRetryAfterThenNothingMoreSentAndTheInterruptKept() throws Exception {
		// a path of its own: a slower test's answer still going out is journaled only
		// once sent
		deferno.stubFor(
				get("/api/items/interrupted").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));
		// a read timeout a loaded WireMock keeps, right after a slower test's answer
		DefernoClient client = clientOf(deferno.baseUrl() + "/api", Duration.ofSeconds(5), 1);
		Thread caller = Thread.currentThread();
		// once the 503 went out, so the interrupt finds the caller waiting out its
		// Retry-After however slow the machine
		Thread interrupter = Thread.ofVirtual().start(() -> {
			Awaitility.await()
				.until(() -> !deferno.findAll(getRequestedFor(urlPathEqualTo("/api/items/interrupted"))).isEmpty());
			caller.interrupt();
		});
		try {
			assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/items/interrupted"))
				.withMessage("Deferno API error 503: Service Unavailable; try again later; Deferno asks to wait 2 "
						+ "seconds before trying again");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			while (interrupter.isAlive()) {
				try {
					interrupter.join();
				}
				catch (InterruptedException ex) {
					// its interrupt, arrived while joining
				}
			}
			Thread.interrupted();
		}
		deferno.verify(1, getRequestedFor(urlPathEqualTo("/api/items/interrupted")));
	}

	@Test
	void callWhenEveryPooledConnectionStaysBusyThenRefusedAfterTheConnectTimeoutAsTheGatewaysLimit(
			CapturedOutput output) throws Exception {
		deferno.stubFor(get("/api/items/held").willReturn(okJson("{}").withFixedDelay(3000)));
		DefernoClient client = clientOf(deferno.baseUrl() + "/api", Duration.ofMillis(300), Duration.ofSeconds(5), 1,
				1);
		Thread holder = Thread.ofVirtual().start(() -> client.get("/items/held"));
		try {
			Awaitility.await()
				.until(() -> !deferno.findAll(getRequestedFor(urlPathEqualTo("/api/items/held"))).isEmpty());
			long start = System.nanoTime();
			assertThatExceptionOfType(DefernoApiException.class)
				.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
				.withMessage("the gateway is at its limit of concurrent Deferno calls; nothing "
						+ "was sent, so nothing was applied; try again in a few seconds")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("pool_exhausted"));
			assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/items/other"))
				.withMessage("the gateway is at its limit of concurrent Deferno calls; nothing "
						+ "was sent; try again in a few seconds");
			// both gave up waiting for the one connection long before the held call ended
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
		}
		finally {
			holder.join();
		}
		deferno.verify(0, postRequestedFor(anyUrl()));
		deferno.verify(0, getRequestedFor(urlPathEqualTo("/api/items/other")));
		// one line for both: the second fell within the interval
		assertThat(output.getAll())
			.contains("WARN", "Deferno call POST /items/plan/add failed: all 1 connections "
					+ "(DEFERNO_MAX_CONNECTIONS) stayed busy for 300 ms (DEFERNO_CONNECT_TIMEOUT); nothing was sent")
			.doesNotContain("GET /items/other");
	}

	/**
	 * The wait for a connection ended by the tool call's time, not the connect timeout:
	 * the call used up its time (a call of thousands of requests does with the pool
	 * idle), which is what the agent and the operator are told, not that the gateway is
	 * at its limit.
	 */
	@Test
	void callWhenTheToolCallsTimeEndsTheWaitForAConnectionThenOutOfTimeNotThePoolsLimit(CapturedOutput output)
			throws Exception {
		deferno.stubFor(get("/api/items/held").willReturn(okJson("{}").withFixedDelay(3000)));
		DefernoClient client = clientOf(new DefernoProperties(deferno.baseUrl() + "/api", "", Duration.ofSeconds(5),
				Duration.ofSeconds(5), 1, 1, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofMillis(400)));
		Thread holder = Thread.ofVirtual().start(() -> client.get("/items/held"));
		try {
			Awaitility.await()
				.until(() -> !deferno.findAll(getRequestedFor(urlPathEqualTo("/api/items/held"))).isEmpty());
			CallDeadline.within(Duration.ofMillis(400), () -> {
				assertThatExceptionOfType(DefernoApiException.class)
					.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
					.withMessageStartingWith("Deferno did not finish in time: this tool call used up its 400 ms")
					.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("deferno_timeout"));
				return null;
			});
		}
		finally {
			holder.join();
		}
		deferno.verify(0, postRequestedFor(anyUrl()));
		assertThat(output.getAll())
			.contains("Deferno call POST /items/plan/add failed: the tool call's 400 ms "
					+ "(DEFERNO_TOOL_CALL_TIMEOUT) were used up while it waited for one of the 1 connections "
					+ "(DEFERNO_MAX_CONNECTIONS)")
			.doesNotContain("stayed busy");
	}

	@Test
	void callsWhenTheToolCallsTimeRunsOutThenTheSlowReadIsCutAndNothingMoreIsSent(CapturedOutput output) {
		deferno.stubFor(get("/api/items/slow").willReturn(okJson("{}").withFixedDelay(3000)));
		deferno.stubFor(get("/api/items/fast-enough")
			.willReturn(okJson("{\"version\":\"0.2\",\"data\":{\"ok\":true},\"error\":null}")));
		DefernoClient client = clientOf(new DefernoProperties(deferno.baseUrl() + "/api", "", Duration.ofSeconds(1),
				Duration.ofSeconds(10), 2, 1, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofMillis(500)));
		long start = System.nanoTime();

		CallDeadline.within(Duration.ofMillis(500), () -> {
			assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/items/slow"))
				.withMessage("Deferno did not answer in time; try again later")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("deferno_timeout"));
			assertThatExceptionOfType(DefernoApiException.class)
				.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
				.withMessage("Deferno did not finish in time: this tool call used up its 500 ms "
						+ "(DEFERNO_TOOL_CALL_TIMEOUT) before its next request to Deferno, which was not sent, so "
						+ "that change was not applied (an earlier step of the same call may have been): read the "
						+ "item back before trying again");
			return null;
		});

		// cut at the call's end, not at the 10 s read timeout nor at Deferno's 3 s answer
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450),
				Duration.ofMillis(2500));
		deferno.verify(1, getRequestedFor(urlPathEqualTo("/api/items/slow")));
		deferno.verify(0, postRequestedFor(anyUrl()));
		assertThat(output.getAll()).contains(
				"Deferno call GET /items/{id} failed: no answer within what was left of "
						+ "the tool call's 500 ms (DEFERNO_TOOL_CALL_TIMEOUT)",
				"Deferno call POST /items/plan/add failed: the tool call's 500 ms (DEFERNO_TOOL_CALL_TIMEOUT) were "
						+ "used up; nothing was sent");
		// outside a tool call, only the read timeout bounds a call
		assertThat(client.get("/items/fast-enough")).isNotNull();
	}

	@Test
	void toolCallWhenDefernoTricklesItsAnswerPastTheToolCallsTimeThenItsErrorComesByThen(CapturedOutput output)
			throws Exception {
		try (SlowServer slow = new SlowServer(Answer.BODY_TRICKLED)) {
			// one retry allowed, a 10 s read timeout: neither may stretch the call
			DefernoClient client = clientOf(new DefernoProperties(slow.baseUrl(), "", Duration.ofSeconds(1),
					Duration.ofSeconds(10), 2, 1, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofMillis(600)));
			long start = System.nanoTime();

			var result = CallDeadline.within(Duration.ofMillis(600), () -> new ToolResults(JsonMapper.builder().build())
				.run("get_item", true, (args) -> client.get("/items/" + DefernoRecords.ID), Map.of()));

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(550), CUT_WITHIN);
			assertThat(result.isError()).isTrue();
			assertThat(result.content().toString()).contains("Deferno did not answer in time; try again later");
			assertThat(slow.accepted()).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("WARN",
				"Deferno call GET /items/{id} failed: the answer began but had not ended within what was left "
						+ "of the tool call's 600 ms (DEFERNO_TOOL_CALL_TIMEOUT)" + System.lineSeparator());
	}

	@Test
	void writeWhenDefernoTricklesItsAnswersHeadPastTheToolCallsTimeThenOutcomeUnknownByThen(CapturedOutput output)
			throws Exception {
		try (SlowServer slow = new SlowServer(Answer.HEAD_TRICKLED)) {
			DefernoClient client = clientOf(new DefernoProperties(slow.baseUrl(), "", Duration.ofSeconds(1),
					Duration.ofSeconds(10), 2, 1, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofMillis(600)));
			long start = System.nanoTime();

			CallDeadline.within(Duration.ofMillis(600), () -> {
				assertThatExceptionOfType(DefernoApiException.class)
					.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
					.withMessage("Deferno did not answer in time, so whether the change was "
							+ "applied is unknown: read the item or list back before trying it again")
					.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("unknown_outcome"));
				return null;
			});

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(550), CUT_WITHIN);
			assertThat(slow.accepted()).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("WARN",
				"Deferno call POST /items/plan/add failed: no answer within what was left of the tool call's 600 ms "
						+ "(DEFERNO_TOOL_CALL_TIMEOUT); whether the write was applied is unknown");
	}

	@Test
	void readWhenDefernoTricklesItsAnswerPastTheReadTimeoutOutsideAToolCallThenTimedOutByThen(CapturedOutput output)
			throws Exception {
		try (SlowServer slow = new SlowServer(Answer.BODY_TRICKLED)) {
			DefernoClient client = clientOf(slow.baseUrl(), Duration.ofSeconds(1), Duration.ofMillis(500), 2, 1);
			long start = System.nanoTime();

			assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> client.get("/auth/me"))
				.withMessage("Deferno did not answer in time; try again later")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("deferno_timeout"));

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), CUT_WITHIN);
			assertThat(slow.accepted()).isEqualTo(1);
		}
		assertThat(output.getAll()).contains("WARN",
				"Deferno call GET /auth/me failed: the answer began but had not ended within 500 ms "
						+ "(DEFERNO_READ_TIMEOUT)" + System.lineSeparator());
	}

	@Test
	void writeWhenNoConnectionOpensBeforeTheToolCallsTimeEndsThenNotSentAndSaysSoByThen(CapturedOutput output)
			throws Exception {
		try (FullBacklog hanging = new FullBacklog()) {
			// a connect timeout far past the tool call's time
			DefernoClient client = clientOf(new DefernoProperties(hanging.baseUrl(), "", Duration.ofSeconds(10),
					Duration.ofSeconds(10), 2, 1, Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofMillis(500)));
			long start = System.nanoTime();

			CallDeadline.within(Duration.ofMillis(500), () -> {
				assertThatExceptionOfType(DefernoApiException.class)
					.isThrownBy(() -> client.post("/items/plan/add", Map.of("task_id", "x")))
					.withMessage("Deferno did not finish in time: this tool call used up its "
							+ "500 ms (DEFERNO_TOOL_CALL_TIMEOUT) before its next request to Deferno, which was not "
							+ "sent, so that change was not applied (an earlier step of the same call may have been): "
							+ "read the item back before trying again");
				return null;
			});

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), CUT_WITHIN);
		}
		assertThat(output.getAll()).contains("WARN",
				"Deferno call POST /items/plan/add failed: no connection within what was left of the tool call's "
						+ "500 ms (DEFERNO_TOOL_CALL_TIMEOUT); nothing was sent" + System.lineSeparator());
	}

	/** Against the WireMock Deferno: a 300 ms read timeout and one retry of a read. */
	private static DefernoClient quickClient() {
		return clientOf(deferno.baseUrl() + "/api", Duration.ofMillis(300), 1);
	}

	private static DefernoClient clientOf(String baseUrl) {
		return clientOf(baseUrl, Duration.ofSeconds(1), 0);
	}

	/** A client over the server's own HTTP stack, signed in with a fixed token. */
	private static DefernoClient clientOf(String baseUrl, Duration readTimeout, int readRetries) {
		return clientOf(baseUrl, Duration.ofSeconds(1), readTimeout, 2, readRetries);
	}

	private static DefernoClient clientOf(String baseUrl, Duration connectTimeout, Duration readTimeout,
			int maxConnections, int readRetries) {
		return clientOf(new DefernoProperties(baseUrl, "", connectTimeout, readTimeout, maxConnections, readRetries,
				Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55)));
	}

	/** A client of the test's Deferno, without read retries, sharing {@code answers}. */
	/** Whether the budget has room for so many bytes now (given back at once). */
	private static ByteBudget.Outcome roomNow(ByteBudget budget, int bytes) {
		try {
			ByteBudget.Read read = budget.read(new ByteArrayInputStream(new byte[bytes]), -1, bytes, Duration.ZERO);
			budget.release(read);
			return read.outcome();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static DefernoClient withAnswerBudget(ByteBudget answers, Duration readTimeout) {
		return clientOf(new DefernoProperties(deferno.baseUrl() + "/api", "", Duration.ofSeconds(2), readTimeout, 4, 0,
				Duration.ZERO, Duration.ZERO, 10, 300, Duration.ofSeconds(55)), answers, new RetryBudget());
	}

	/**
	 * A client over the server's own HTTP stack as the application builds it, signed in
	 * with a fixed token.
	 */
	static DefernoClient clientOf(DefernoProperties properties) {
		return clientOf(properties, new DefernoAnswers(Clock.systemUTC()));
	}

	private static DefernoClient clientOf(DefernoProperties properties, DefernoAnswers seen) {
		return clientOf(properties, DefernoClient.answerBudget(), new RetryBudget(), seen);
	}

	private static DefernoClient clientOf(DefernoProperties properties, ByteBudget answers, RetryBudget retries) {
		return clientOf(properties, answers, retries, new DefernoAnswers(Clock.systemUTC()));
	}

	private static DefernoClient clientOf(DefernoProperties properties, ByteBudget answers, RetryBudget retries,
			DefernoAnswers seen) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("tokens", (DefernoTokenSource) () -> "test-token");
		RestClient restClient = RestClient.builder()
			.requestFactory(new OutboundHttp(HttpClientSettings.defaults()).requestFactory(properties.connectTimeout(),
					properties.readTimeout(), properties.maxConnections(), CallDeadline::remaining))
			.build();
		return new DefernoClient(restClient, properties, JsonMapper.builder().build(),
				beans.getBeanProvider(DefernoTokenSource.class),
				beans.getBeanProvider(DefernoUnauthorizedListener.class), ProfileCache.off(),
				new SignInCheck(properties.signInCheckMemory()), answers, retries, seen, PersonLanes.UNBOUNDED);
	}

	private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
	}

}
