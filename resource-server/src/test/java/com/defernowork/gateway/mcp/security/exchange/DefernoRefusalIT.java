package com.defernowork.gateway.mcp.security.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.defernowork.gateway.mcp.ResourceServerApplication;
import com.defernowork.gateway.mcp.security.support.AuthServerStub;
import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.HttpProbeTestSupport;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole resource server (its MCP server, tools, Deferno client and security layer)
 * over real HTTP, with one WireMock as the authorization server (introspection, token
 * exchange, revocation) and as Deferno: a Deferno 401 ends the person's grant only when
 * Deferno refuses the same token at {@code /auth/me} too; a Deferno too slow for a tool
 * call's time, or trickling its answer past it, gets it an error within that time.
 */
@SpringBootTest(classes = ResourceServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp.activity.enabled=false", "deferno.read-retries=0", "deferno.tool-call-timeout=2s" })
@ExtendWith(OutputCaptureExtension.class)
class DefernoRefusalIT extends HttpProbeTestSupport {

	static final String PUBLIC_URL = "https://mcp.example.test";

	static final String RESOURCE = PUBLIC_URL + "/mcp";

	static final String ALL_SCOPES = "tasks:read tasks:write plan:read plan:write profile:read";

	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	static final AuthServerStub authServer = new AuthServerStub(stub);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		AuthServerStub.register(registry, PUBLIC_URL, "http://localhost:9000", stub::baseUrl);
	}

	String token;

	String defernoToken;

	@BeforeEach
	void signIn() {
		this.token = "tok-" + UUID.randomUUID();
		this.defernoToken = "dfr-" + UUID.randomUUID();
		authServer.activeToken(this.token, ALL_SCOPES, RESOURCE, Instant.now().plus(Duration.ofHours(1)));
		authServer.exchange(this.token, this.defernoToken, 300);
	}

	@Test
	void toolWhenDefernoRefusesOnceButAcceptsAtAuthMeThenNotRevokedRetryableErrorAndNextCallWorks(
			CapturedOutput output) {
		String scenario = "blip-" + this.token;
		stub.stubFor(deferno("/api/items").inScenario(scenario)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(401))
			.willSetStateTo("healthy"));
		stub.stubFor(
				deferno("/api/items").inScenario(scenario).whenScenarioStateIs("healthy").willReturn(envelope("[]")));
		stub.stubFor(deferno("/api/auth/me").willReturn(envelope("{\"id\":\"u-alice1\",\"username\":\"alice\"}")));

		Answer first = listItems();
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(toolError(first)).isEqualTo("Deferno API error 401: Deferno refused this call's credentials once "
				+ "but still accepts the sign-in; try the call again");
		assertThat(revoked()).isFalse();
		assertThat(output.getAll()).contains("Deferno refused a credential on GET /items", "accepted it at /auth/me")
			.doesNotContain(this.defernoToken, this.token);

		Answer second = listItems();
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(toolError(second)).isNull();
		assertThat(revoked()).isFalse();
	}

	@Test
	void toolWhenDefernoRefusesOnTheCallAndAtAuthMeThenGrantRevokedAndReauthenticationChallenge(CapturedOutput output) {
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401)));
		stub.stubFor(deferno("/api/auth/me").willReturn(refusedByDeferno()));

		Answer answer = listItems();
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(answer.body()).contains("Deferno no longer accepts this sign-in; sign in again to continue")
			.doesNotContain("refresh");
		assertThat(revoked()).isTrue();
		assertThat(output.getAll())
			.contains("Revoked the grant of u-alice1 because Deferno refused its token twice (on a call and at "
					+ "/auth/me)")
			.doesNotContain(this.defernoToken, this.token);
	}

	/** The MCP SDK writes a 2026-07-28 answer through its writer, not a stream. */
	@Test
	void modernToolWhenDefernoRefusesOnTheCallAndAtAuthMeThenReauthenticationChallenge() {
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401)));
		stub.stubFor(deferno("/api/auth/me").willReturn(refusedByDeferno()));

		Answer answer = modernListItems();
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(answer.body()).contains("Deferno no longer accepts this sign-in; sign in again to continue")
			.doesNotContain("jsonrpc");
		assertThat(revoked()).isTrue();
	}

	/**
	 * A 2026-07-28 call whose answer had become an event stream (slow) when Deferno
	 * refused the sign-in: the stream's status cannot become a 401 any more, so the event
	 * is the tool's error, and the revoked grant has the client's next request answered
	 * with the 401 that makes it sign in again.
	 */
	@Test
	void toolWhenTheSignInEndsAfterTheAnswerBecameAStreamThenTheEventSaysSoAndTheNextRequestIsChallenged() {
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401).withFixedDelay(1500)));
		stub.stubFor(deferno("/api/auth/me").willReturn(refusedByDeferno()));

		Answer answer = modernListItems();
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
		String event = answer.body().substring(answer.body().indexOf("data: ") + "data: ".length());
		assertThat(toolError(new Answer(200, answer.headers(), event)))
			.isEqualTo("Deferno API error 401: Unauthorized; Deferno no longer accepts this sign-in: "
					+ "sign in again through the MCP client's OAuth flow");
		assertThat(revoked()).isTrue();
		assertThat(listItems().status()).isEqualTo(401);
	}

	/**
	 * A 2025-03-26 batch whose second call finds the sign-in ended: the first call's
	 * answer stands (it may have changed something; a 401 would have the client send it
	 * again), and the calls after it are not run.
	 */
	@Test
	void batchWhenTheSignInEndsAtALaterMessageThenTheEarlierAnswersStandAndTheRestIsNotRun() {
		stub.stubFor(deferno("/api/items/plan").willReturn(envelope("[]")));
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401)));
		stub.stubFor(deferno("/api/auth/me").willReturn(refusedByDeferno()));

		int plans = planReads();

		Answer answer = batch("get_daily_plan", "list_items", "get_daily_plan");

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode answers = JsonMapper.shared().readTree(answer.body());
		assertThat(answers.path(0).path("result").path("isError").asBoolean(false)).as(answer.body()).isFalse();
		assertThat(answers.path(1).path("result").path("isError").asBoolean()).as(answer.body()).isTrue();
		assertThat(answers.path(2).path("error").path("message").asString())
			.startsWith("Not run: the sign-in behind this token ended at an earlier message of this batch");
		assertThat(revoked()).isTrue();
		assertThat(planReads() - plans).isOne();
	}

	@Test
	void batchWhenTheSignInEndsAtTheFirstMessageThenReauthenticationChallengeAndNothingMoreRun() {
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401)));
		stub.stubFor(deferno("/api/auth/me").willReturn(refusedByDeferno()));
		stub.stubFor(deferno("/api/items/plan").willReturn(envelope("[]")));

		int plans = planReads();

		// what comes before and changes nothing does not hold the challenge back
		Answer answer = batch("notifications/initialized", "list_items", "get_daily_plan");

		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(planReads() - plans).isZero();
	}

	@Test
	void toolWhenTheGatewayRefusesTheExchangeThenReauthenticationChallengeNotBlamingDeferno() {
		// revoked, or the auth server's store restarted empty: Deferno is not asked
		authServer.exchangeRefused(this.token);

		Answer answer = listItems();
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(answer.body())
			.contains("the gateway no longer holds a Deferno sign-in for this token (replaced by a refresh, revoked, "
					+ "expired or lost); refresh the token, or sign in again, to continue")
			.doesNotContain("Deferno no longer accepts");
	}

	@Test
	void toolWhenAuthMeCannotAnswerThenNotRevokedAndATemporaryFailure() {
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401)));
		stub.stubFor(deferno("/api/auth/me").willReturn(aResponse().withStatus(503)));

		Answer answer = listItems();
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(toolError(answer)).isEqualTo("Deferno API error 401: Deferno refused this call's credentials and "
				+ "could not be asked whether the sign-in still works; try again later");
		assertThat(revoked()).isFalse();
	}

	@Test
	void toolsWhenABurstOfRefusalsThenAuthMeAskedOnce() throws Exception {
		stub.stubFor(deferno("/api/items").willReturn(aResponse().withStatus(401).withFixedDelay(100)));
		stub.stubFor(deferno("/api/auth/me")
			.willReturn(envelope("{\"id\":\"u-alice1\",\"username\":\"alice\"}").withFixedDelay(300)));

		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<Answer>> answers = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				answers.add(pool.submit(this::listItems));
			}
			for (Future<Answer> answer : answers) {
				assertThat(toolError(answer.get())).contains("still accepts the sign-in; try the call again");
			}
		}
		finally {
			pool.shutdownNow();
		}
		// and once more after the burst: remembered
		assertThat(toolError(listItems())).contains("still accepts the sign-in");
		assertThat(stub
			.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/auth/me"))
				.withHeader("Authorization", equalTo("Bearer " + this.defernoToken))
				.build())
			.getCount()).isEqualTo(1);
		assertThat(revoked()).isFalse();
	}

	@Test
	void toolWhenDefernoIsSlowerThanTheToolCallsTimeThenAnErrorWithinIt() {
		stub.stubFor(deferno("/api/items").willReturn(envelope("[]").withFixedDelay(6000)));
		long start = System.nanoTime();

		Answer answer = listItems();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(toolError(answer)).isEqualTo("Deferno did not answer in time; try again later");
		assertThat(revoked()).isFalse();
	}

	@Test
	void toolWhenDefernoTricklesItsAnswerPastTheToolCallsTimeThenAnErrorWithinIt() {
		// the body in 40 pieces over 8 s: no read waits anywhere near the 2 s of the call
		// (not gzipped: WireMock's gzip would hold the pieces back until the end)
		stub.stubFor(deferno("/api/items")
			.willReturn(envelope("[" + "0,".repeat(400) + "0]").withHeader("Content-Encoding", "identity")
				.withChunkedDribbleDelay(40, 8000)));
		long start = System.nanoTime();

		Answer answer = listItems();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(toolError(answer)).isEqualTo("Deferno did not answer in time; try again later");
	}

	private Answer modernListItems() {
		return this.http.send(HttpMethod.POST, "/mcp",
				Map.of("Authorization", "Bearer " + this.token, "Content-Type", "application/json", "Accept",
						"application/json, text/event-stream", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
						"tools/call", "Mcp-Name", "list_items"),
				"""
						{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_items","arguments":{},\
						"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",\
						"io.modelcontextprotocol/clientCapabilities":{}}}}""");
	}

	private Answer listItems() {
		return this.http.send(HttpMethod.POST, "/mcp",
				Map.of("Authorization", "Bearer " + this.token, "Content-Type", "application/json", "Accept",
						"application/json, text/event-stream", "MCP-Protocol-Version", "2025-11-25"),
				"""
						{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_items","arguments":{}}}""");
	}

	private static int planReads() {
		return stub.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/items/plan")).build()).getCount();
	}

	/**
	 * The tools called without arguments in one 2025-03-26 batch; a name with a slash is
	 * sent as a notification of that method.
	 */
	private Answer batch(String... tools) {
		StringBuilder body = new StringBuilder("[");
		for (int i = 0; i < tools.length; i++) {
			body.append((i > 0) ? "," : "");
			if (tools[i].contains("/")) {
				body.append("{\"jsonrpc\":\"2.0\",\"method\":\"").append(tools[i]).append("\"}");
				continue;
			}
			body.append("{\"jsonrpc\":\"2.0\",\"id\":")
				.append(i + 1)
				.append(",\"method\":\"tools/call\",\"params\":{\"name\":\"")
				.append(tools[i])
				.append("\",\"arguments\":{}}}");
		}
		return this.http.send(HttpMethod.POST, "/mcp",
				Map.of("Authorization", "Bearer " + this.token, "Content-Type", "application/json", "Accept",
						"application/json, text/event-stream", "MCP-Protocol-Version", "2025-03-26"),
				body.append("]").toString());
	}

	private MappingBuilder deferno(String path) {
		return get(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + this.defernoToken));
	}

	/** Deferno's own refusal of a credential, in its envelope. */
	private static ResponseDefinitionBuilder refusedByDeferno() {
		return aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"unauthorized\","
					+ "\"message\":\"missing or invalid token\"}}");
	}

	private static ResponseDefinitionBuilder envelope(String data) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.2\",\"data\":" + data + ",\"error\":null}");
	}

	private boolean revoked() {
		return authServer.revocationBodies().stream().anyMatch((body) -> body.contains("token=" + this.token));
	}

	/** The text of an error result, {@code null} for a successful one. */
	private static String toolError(Answer answer) {
		JsonNode result = JsonMapper.shared().readTree(answer.body()).path("result");
		assertThat(result.isObject()).as(answer.body()).isTrue();
		return result.path("isError").asBoolean(false) ? result.path("content").path(0).path("text").asString() : null;
	}

}
