package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.defernowork.gateway.e2e.support.AliceTokens;
import com.defernowork.gateway.e2e.support.BearerProxy;
import com.defernowork.gateway.e2e.support.GatewayStack;
import com.defernowork.gateway.e2e.support.HttpCalls;
import com.defernowork.gateway.e2e.support.ProjectDir;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}) against the real
 * stack behind nginx, for what the 2026-07-28 and the 2025-11-25 revisions require of a
 * server. The suite cannot send a token, so it talks to a loopback proxy that adds
 * alice's. Scenarios (or single checks) that need the suite's own fixture tools and
 * prompts are listed in {@code conformance/expected-failures-<revision>.yaml}, each with
 * its reason; every generic scenario must pass every one of its other checks (read from
 * its {@code checks.json}, since a scenario can pass with checks skipped): a check may
 * only be skipped for a capability this server does not declare. Its authorization-server
 * scenarios run too, alice signing in where the suite prints its authorization request.
 */
class ConformanceSuiteIT {

	static final String SUITE = "node_modules/@modelcontextprotocol/conformance/dist/index.js";

	static final String ALL_SCOPES = "tasks:read tasks:write plan:read plan:write profile:read";

	static final Pattern RESULT_DIR = Pattern.compile("^server-(.+?)-\\d{4}-\\d{2}-\\d{2}T.*$");

	static final Pattern AUTHORIZATION_DIR = Pattern.compile("^authorization-server-(.+?)-\\d{4}-\\d{2}-\\d{2}T.*$");

	static final Pattern AUTHORIZE_URL = Pattern.compile("^(http\\S+/oauth2/authorize\\?\\S+)$");

	static final Pattern CALLBACK_SERVER = Pattern.compile("^Callback server started");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static NodeClients node;

	static GatewayStack stack;

	static BearerProxy proxy;

	@BeforeAll
	static void start() {
		node = NodeClients.installed();
		stack = GatewayStack.builder().start();
		proxy = BearerProxy.to(stack.mcpUrl(), AliceTokens.accessToken(stack, ALL_SCOPES));
	}

	@AfterAll
	static void stop() {
		if (proxy != null) {
			proxy.close();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void suiteWhenRevision20260728ThenGenericScenariosPassEveryCheck() {
		Map<String, List<JsonNode>> checks = run("2026-07-28");
		assertEveryCheckPasses("2026-07-28", checks,
				List.of("server-stateless", "caching", "dns-rebinding-protection", "sep-2164-resource-not-found",
						"http-header-validation", "tools-list", "resources-list", "prompts-list",
						"server-sse-multiple-streams", "input-required-result-unsupported-methods",
						"input-required-result-validate-input"));
	}

	@Test
	void suiteWhenRevision20251125ThenGenericScenariosPassEveryCheck() {
		Map<String, List<JsonNode>> checks = run("2025-11-25");
		assertEveryCheckPasses("2025-11-25", checks, List.of("server-initialize", "ping", "tools-list",
				"resources-list", "prompts-list", "dns-rebinding-protection"));
	}

	@Test
	void authorizationSuiteWhenAPersonSignsInThenEveryCheckPasses() {
		// the suite's own client: metadata (CIMD support included), then the code grant
		// with PKCE, resource and iss, answered at its callback server
		int port = FreePorts.next();
		String callback = "http://127.0.0.1:" + port + "/callback";
		Map<String, Object> registration = Map.of("redirect_uris", List.of(callback), "token_endpoint_auth_method",
				"none", "client_name", "MCP conformance suite");
		HttpResponse<String> registered = HttpCalls.postJson(stack.publicUrl() + "/oauth2/register", registration);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = HttpCalls.json(registered).get("client_id").asString();
		Path workDir = Path.of("target", "conformance", "authorization").toAbsolutePath();
		recreate(workDir);
		List<String> args = List.of("authorization", "--url", stack.publicUrl(), "--client-id", clientId, "--resource",
				stack.mcpUrl(), "--port", String.valueOf(port), "--output-dir", workDir.resolve("results").toString());
		try (ClientProcess suite = node.run(SUITE, args, Map.of(), "conformance-authorization", workDir)) {
			String authorizeUrl = suite.await(AUTHORIZE_URL, Duration.ofSeconds(60)).group(1);
			suite.await(CALLBACK_SERVER, Duration.ofSeconds(30));
			AuthorizationCodeFlow flow = new AuthorizationCodeFlow(stack.publicUrl());
			URI back = flow.codeThroughSignInPage(HttpCalls.query(URI.create(authorizeUrl)), "alice", "sandbox");
			assertThat(HttpCalls.get(back.toString()).statusCode()).isEqualTo(200);
			int exit = suite.awaitExit(Duration.ofMinutes(2));
			Map<String, List<JsonNode>> checks = checks(workDir.resolve("results"), AUTHORIZATION_DIR);
			assertThat(checks).as("log %s", suite.log())
				.containsKeys("authorization-server-metadata-endpoint", "authorization-code-grant");
			checks.forEach((scenario, list) -> assertThat(list).as("checks of %s", scenario)
				.isNotEmpty()
				.allMatch((check) -> "SUCCESS".equals(check.path("status").asString())));
			assertThat(exit).as("log %s:%n%s", suite.log(), suite.output()).isZero();
		}
	}

	/**
	 * Runs the suite for a revision; exit 0 means: no failure outside the baseline, no
	 * stale baseline entry.
	 */
	private static Map<String, List<JsonNode>> run(String revision) {
		Path workDir = Path.of("target", "conformance", revision).toAbsolutePath();
		recreate(workDir);
		List<String> args = List.of("server", "--url", proxy.url(), "--requirements", revision, "--expected-failures",
				baseline(revision).toString(), "--output-dir", workDir.resolve("results").toString());
		try (ClientProcess suite = node.run(SUITE, args, Map.of(), "conformance-" + revision, workDir)) {
			int exit = suite.awaitExit(Duration.ofMinutes(10));
			Map<String, List<JsonNode>> checks = checks(workDir.resolve("results"), RESULT_DIR);
			assertThat(exit)
				.as("conformance %s (log %s): failures outside the baseline or stale entries\n%s", revision,
						suite.log(), failures(checks))
				.isZero();
			return checks;
		}
	}

	private static void assertEveryCheckPasses(String revision, Map<String, List<JsonNode>> checks,
			List<String> scenarios) {
		List<String> baselined = baselinedChecks(revision);
		for (String scenario : scenarios) {
			assertThat(checks).as("scenario %s ran", scenario).containsKey(scenario);
			List<JsonNode> notPassed = checks.get(scenario)
				.stream()
				.filter((check) -> !baselined.contains(scenario + ":" + check.path("id").asString()))
				.filter((check) -> !passed(check))
				.toList();
			assertThat(notPassed).as("checks of %s that did not pass", scenario).isEmpty();
			assertThat(checks.get(scenario)).as("checks of %s that passed", scenario)
				.anyMatch((check) -> "SUCCESS".equals(check.path("status").asString()));
		}
	}

	/**
	 * Passed, informational, or skipped because this server does not declare the
	 * capability it tests.
	 */
	private static boolean passed(JsonNode check) {
		return switch (check.path("status").asString()) {
			case "SUCCESS", "INFO" -> true;
			case "SKIPPED" -> check.path("details").path("note").asString("").contains("capability");
			default -> false;
		};
	}

	/**
	 * The single checks the baseline lists ({@code - <scenario>:<check-id> # reason});
	 * the suite itself checks the file's format, so reading its list lines is enough
	 * here.
	 */
	private static List<String> baselinedChecks(String revision) {
		try (Stream<String> lines = Files.lines(baseline(revision))) {
			return lines.map(String::strip)
				.filter((line) -> line.startsWith("- "))
				.map((line) -> line.substring(2).replaceFirst("\\s+#.*$", "").strip())
				.filter((entry) -> entry.contains(":"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path baseline(String revision) {
		return ProjectDir.root().resolve("e2e/src/test/resources/conformance/expected-failures-" + revision + ".yaml");
	}

	/**
	 * Each scenario's checks, from {@code results/<kind>-<scenario>-<time>/checks.json}.
	 */
	private static Map<String, List<JsonNode>> checks(Path results, Pattern resultDir) {
		Map<String, List<JsonNode>> checks = new LinkedHashMap<>();
		if (!Files.isDirectory(results)) {
			return checks;
		}
		try (Stream<Path> dirs = Files.list(results)) {
			for (Path dir : dirs.sorted().toList()) {
				Matcher name = resultDir.matcher(dir.getFileName().toString());
				Path file = dir.resolve("checks.json");
				if (name.matches() && Files.isRegularFile(file)) {
					List<JsonNode> list = new ArrayList<>();
					JSON.readTree(file.toFile()).forEach(list::add);
					checks.put(name.group(1), list);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return checks;
	}

	private static String failures(Map<String, List<JsonNode>> checks) {
		StringBuilder out = new StringBuilder();
		checks.forEach((scenario, list) -> list.stream()
			.filter((check) -> "FAILURE".equals(check.path("status").asString()))
			.forEach((check) -> out.append(scenario)
				.append(':')
				.append(check.path("id").asString())
				.append(" — ")
				.append(check.path("errorMessage").asString(""))
				.append('\n')));
		return out.toString();
	}

	private static void recreate(Path dir) {
		try {
			if (Files.exists(dir)) {
				try (Stream<Path> files = Files.walk(dir)) {
					for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(file);
					}
				}
			}
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
