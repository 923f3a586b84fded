package com.defernowork.gateway.e2e.clients;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.clients.PersonInBrowser.Authorization;
import com.defernowork.gateway.testsupport.FreePorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts built on the TypeScript SDK's clients against the gateway behind nginx, with
 * 10-second access tokens. The 1.x SDK ({@code sdk-client.mjs}, MCP 2025-11-25): a
 * read-only grant and a refresh once the access token has expired; a read-only grant and
 * a step-up to {@code tasks:write} after a 403 {@code insufficient_scope}; the same
 * step-up with a Client ID Metadata Document URL as client id
 * ({@code clientMetadataUrl}). The 2.x client ({@code sdk2-client.mjs},
 * {@code @modelcontextprotocol/client}): pinned to MCP 2026-07-28 with a step-up, and in
 * {@code auto} mode, where it probes {@code server/discover} and picks the modern era
 * itself. A person plays the browser part in headless Chromium.
 */
class TypeScriptSdkClientIT extends RealClientTestBase {

	static final Pattern AUTHORIZE = Pattern.compile("^AUTHORIZE (\\S+)");

	static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(10);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		startStack("sdk", ACCESS_TOKEN_TTL);
	}

	@Test
	void sdkClientWhenAccessTokenExpiresThenItRefreshesAndCarriesOn() {
		Map<String, JsonNode> steps = runClient("sdk-client.mjs", "refresh", (sdk, redirectUri) -> {
			String readOnly = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(readOnly)).containsEntry("scope", "tasks:read profile:read")
				.containsEntry("resource", stack.mcpUrl())
				.containsEntry("code_challenge_method", "S256");
			Authorization first = alice().authorize(readOnly, redirectUri, "sdk");
			assertThat(first.redirectedTo()).doesNotContain("error=");
			assertThat(first.pages()).containsExactly("sign-in", "consent");
			assertThat(first.consent().heading()).contains("Deferno e2e SDK client");
			assertThat(first.consent().scopes()).containsExactlyInAnyOrder("tasks:read", "profile:read");
			assertThat(first.consent().text()).as("where the browser goes back to")
				.containsAnyOf("127.0.0.1", "on this computer");
			assertThat(first.consent().text()).contains("tasks:read", "profile:read");
		});

		assertThat(scopes(steps.get("authorized").path("scope").asString())).containsExactlyInAnyOrder("tasks:read",
				"profile:read");
		assertThat(steps.get("tools").path("names").toString()).contains("\"whoami\"", "\"list_items\"",
				"\"capture_item\"");
		assertSucceeded(steps.get("whoami"), "alice");
		assertSucceeded(steps.get("list_items"), "u-alice1-");
		JsonNode refresh = steps.get("refresh");
		assertThat(refresh.path("challenges").toString()).as("the expired token was refused with 401 invalid_token")
			.contains("\"status\":401")
			.contains("invalid_token");
		assertThat(refresh.path("refresh_grants").asInt()).as("refresh: %s", refresh).isPositive();
		assertThat(refresh.path("new_access_token").asBoolean()).isTrue();
		assertSucceeded(refresh.path("whoami"), "alice");
	}

	@Test
	void sdkClientWhenWriteToolNeedsMoreScopeThenItStepsUpAfter403() {
		Map<String, JsonNode> steps = runClient("sdk-client.mjs", "step-up", (sdk, redirectUri) -> {
			String readOnly = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(readOnly)).containsEntry("scope", "tasks:read profile:read");
			alice().authorize(readOnly, redirectUri, "sdk-read-only");

			String stepUp = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(stepUp).get("scope").split(" ")).contains("tasks:write", "tasks:read", "profile:read");
			Authorization second = alice().authorize(stepUp, redirectUri, "sdk-step-up");
			assertThat(second.redirectedTo()).as("the authorization server granted the wider scope")
				.doesNotContain("error=");
			assertThat(second.pages()).as("the person approves the wider grant").endsWith("consent");
			assertThat(second.consent().scopes()).contains("tasks:write");
		});

		JsonNode denied = steps.get("step_up_denied");
		assertThat(denied.path("challenge").path("status").asInt()).as("step-up: %s", denied).isEqualTo(403);
		assertThat(denied.path("challenge").path("challenge").asString()).contains("insufficient_scope")
			.contains("tasks:write");
		assertThat(scopes(steps.get("step_up_authorized").path("scope").asString())).contains("tasks:write",
				"profile:read");
		JsonNode captured = steps.get("capture_item");
		String title = captured.path("title").asString();
		assertSucceeded(captured, title);
		assertThat(SandboxApi.of(stack).itemTitles("alice")).as("the item is in alice's sandbox account")
			.contains(title);
		assertSucceeded(steps.get("whoami_after_step_up"), "alice");
	}

	@Test
	void sdkClientWhenGivenClientMetadataUrlThenItIsTheClientIdThroughStepUp() {
		// port-less loopback redirect: the SDK host listens on a port of its own
		String clientId = documents.publish("/sdk/client-metadata.json", "Deferno e2e SDK client (metadata document)",
				List.of("http://127.0.0.1/callback"));
		Map<String, JsonNode> steps = runClient("sdk-client.mjs", "step-up", clientId, (sdk, redirectUri) -> {
			String readOnly = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(readOnly)).containsEntry("client_id", clientId);
			Authorization first = alice().authorize(readOnly, redirectUri, "cimd-sdk");
			assertThat(first.redirectedTo()).doesNotContain("error=");
			assertThat(first.consent().heading()).contains("Deferno e2e SDK client (metadata document)");
			assertThat(first.consent().text()).contains("localhost — verified by its address");

			String stepUp = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(stepUp)).containsEntry("client_id", clientId);
			Authorization second = alice().authorize(stepUp, redirectUri, "cimd-sdk-step-up");
			assertThat(second.redirectedTo()).doesNotContain("error=");
			assertThat(second.consent().scopes()).contains("tasks:write");
		});

		assertThat(steps.get("authorized").path("client_id").asString()).isEqualTo(clientId);
		assertSucceeded(steps.get("whoami"), "alice");
		JsonNode captured = steps.get("capture_item");
		assertSucceeded(captured, captured.path("title").asString());
		assertThat(SandboxApi.of(stack).itemTitles("alice")).contains(captured.path("title").asString());
		assertThat(documents.fetches("/sdk/client-metadata.json")).isPositive();
	}

	@Test
	void sdkV2ClientWhenPinnedToModernEraThenItSpeaks20260728AndStepsUpAfter403() {
		Map<String, JsonNode> steps = runClient("sdk2-client.mjs", "modern", (sdk, redirectUri) -> {
			String readOnly = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(readOnly)).containsEntry("scope", "tasks:read profile:read")
				.containsEntry("resource", stack.mcpUrl())
				.containsEntry("code_challenge_method", "S256");
			Authorization first = alice().authorize(readOnly, redirectUri, "sdk2");
			assertThat(first.pages()).containsExactly("sign-in", "consent");
			assertThat(first.consent().heading()).contains("Deferno e2e SDK v2 client");

			String stepUp = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(query(stepUp).get("scope").split(" ")).contains("tasks:write", "tasks:read", "profile:read");
			Authorization second = alice().authorize(stepUp, redirectUri, "sdk2-step-up");
			assertThat(second.redirectedTo()).doesNotContain("error=");
			assertThat(second.consent().scopes()).contains("tasks:write");
		});

		assertModernEra(steps);
		assertThat(steps.get("step_up_denied").path("required_scope").asString()).contains("tasks:write");
		assertThat(steps.get("step_up_denied").path("challenge").asString()).contains("insufficient_scope");
		assertThat(scopes(steps.get("step_up_authorized").path("scope").asString())).contains("tasks:write",
				"profile:read");
		JsonNode captured = steps.get("capture_item");
		String title = captured.path("title").asString();
		assertSucceeded(captured, title);
		assertThat(SandboxApi.of(stack).itemTitles("alice")).as("the item is in alice's sandbox account")
			.contains(title);
		List<JsonNode> exchanges = exchanges(steps);
		assertThat(exchanges).as("the write tool was refused with 403 before the step-up, then ran")
			.anyMatch((e) -> "tools/call".equals(e.path("method").asString()) && e.path("status").asInt() == 403)
			.anyMatch((e) -> "capture_item".equals(e.path("name").asString()) && e.path("status").asInt() == 200);
	}

	@Test
	void sdkV2ClientWhenAutoThenItDiscoversAndPicksTheModernEra() {
		Map<String, JsonNode> steps = runClient("sdk2-client.mjs", "auto", (sdk, redirectUri) -> {
			String readOnly = sdk.await(AUTHORIZE, Duration.ofSeconds(60)).group(1);
			assertThat(alice().authorize(readOnly, redirectUri, "sdk2-auto").redirectedTo()).doesNotContain("error=");
		});
		assertModernEra(steps);
	}

	/**
	 * Every exchange in 2026-07-28 with its routing headers, no initialize, and the
	 * answers in that era's shape.
	 */
	private static void assertModernEra(Map<String, JsonNode> steps) {
		JsonNode connected = steps.get("connected");
		assertThat(connected.path("era").asString()).as("connected: %s", connected).isEqualTo("modern");
		assertThat(connected.path("version").asString()).isEqualTo("2026-07-28");
		assertThat(connected.path("supportedVersions").toString()).contains("2026-07-28", "2025-11-25");
		assertThat(connected.path("server").asString()).isEqualTo("deferno-mcp-gateway");
		assertThat(steps.get("tools").path("names").toString()).contains("\"whoami\"", "\"list_items\"",
				"\"capture_item\"");
		assertThat(steps.get("prompts").path("names").toString()).contains("\"daily_review\"", "\"capture_notes\"");
		assertThat(steps.get("daily_review").path("text").asString())
			.contains("`get_daily_plan` with date=\"2026-07-28\"");
		assertSucceeded(steps.get("whoami"), "alice");
		assertSucceeded(steps.get("list_items"), "u-alice1-");

		List<JsonNode> exchanges = exchanges(steps);
		assertThat(exchanges).isNotEmpty().allSatisfy((e) -> {
			assertThat(e.path("protocolVersion").asString()).as("%s", e).isEqualTo("2026-07-28");
			assertThat(e.path("method").asString()).as("Mcp-Method of %s", e)
				.isEqualTo(e.path("bodyMethod").asString());
		});
		assertThat(exchanges).noneMatch((e) -> "initialize".equals(e.path("bodyMethod").asString()));
		assertThat(exchanges.get(0).path("bodyMethod").asString()).isEqualTo("server/discover");
		assertThat(exchanges).as("lists are public for a while, results complete")
			.anyMatch((e) -> "tools/list".equals(e.path("method").asString())
					&& "public".equals(e.path("cacheScope").asString()) && e.path("ttlMs").asLong() > 0
					&& "complete".equals(e.path("resultType").asString()))
			.anyMatch((e) -> "tools/call".equals(e.path("method").asString())
					&& "whoami".equals(e.path("name").asString())
					&& "complete".equals(e.path("resultType").asString()));
	}

	private static List<JsonNode> exchanges(Map<String, JsonNode> steps) {
		List<JsonNode> exchanges = new ArrayList<>();
		steps.get("wire").path("exchanges").forEach(exchanges::add);
		return exchanges;
	}

	/**
	 * Runs {@code <script> <scenario>}, lets {@code person} answer its authorization
	 * requests, checks it exits 0 and returns its {@code STEP} lines by name.
	 */
	private static Map<String, JsonNode> runClient(String script, String scenario,
			BiConsumer<ClientProcess, String> person) {
		return runClient(script, scenario, null, person);
	}

	/** The same, passing a Client ID Metadata Document URL to the script as well. */
	private static Map<String, JsonNode> runClient(String script, String scenario, String clientMetadataUrl,
			BiConsumer<ClientProcess, String> person) {
		int callbackPort = FreePorts.next();
		String redirectUri = "http://127.0.0.1:" + callbackPort + "/callback";
		List<String> args = new ArrayList<>(List.of(stack.mcpUrl(), String.valueOf(callbackPort), scenario));
		String log = script.replace(".mjs", "") + "-" + scenario;
		if (clientMetadataUrl != null) {
			args.add(clientMetadataUrl);
			log += "-cimd";
		}
		try (ClientProcess sdk = node.run(script, args, Map.of(), log)) {
			try {
				person.accept(sdk, redirectUri);
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError(ex.getMessage() + "\nSDK client log " + sdk.log() + ":\n" + sdk.output(), ex);
			}
			int exit = sdk.awaitExit(Duration.ofSeconds(60));
			assertThat(exit)
				.as("the SDK client ran every step; log %s:%n%s%n%s", sdk.log(), sdk.output(), stack.logTails())
				.isZero();
			return steps(sdk.stdout());
		}
	}

	private static PersonInBrowser alice() {
		return new PersonInBrowser(browser, "alice", "sandbox");
	}

	private static void assertSucceeded(JsonNode step, String expectedText) {
		assertThat(step).as("step missing").isNotNull();
		assertThat(step.path("isError").asBoolean()).as("tool result: %s", step).isFalse();
		assertThat(step.path("text").asString()).contains(expectedText);
	}

	private static List<String> scopes(String scope) {
		return Arrays.asList(scope.trim().split("\\s+"));
	}

	private static Map<String, String> query(String url) {
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : URI.create(url).getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return query;
	}

	/** {@code STEP <name> <json>} lines, by name. */
	private static Map<String, JsonNode> steps(String stdout) {
		Map<String, JsonNode> steps = new LinkedHashMap<>();
		stdout.lines().filter((line) -> line.startsWith("STEP ")).forEach((line) -> {
			String[] parts = line.split(" ", 3);
			steps.put(parts[1], JSON.readTree(parts[2]));
		});
		return steps;
	}

}
