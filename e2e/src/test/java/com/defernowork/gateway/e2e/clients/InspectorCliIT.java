package com.defernowork.gateway.e2e.clients;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.clients.PersonInBrowser.Authorization;
import com.defernowork.gateway.e2e.clients.PersonInBrowser.ConsentPage;
import com.defernowork.gateway.testsupport.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP Inspector's CLI, given nothing but the gateway's MCP URL behind nginx, in both
 * protocol eras (its {@code --protocol-era} {@code legacy} and {@code modern}): it
 * discovers the metadata, registers itself and prints the authorization URL; a person
 * signs in to the sandbox as alice in headless Chromium and approves the consent page;
 * Inspector then lists the tools and calls {@code whoami}, {@code list_items},
 * {@code capture_item} and a prompt on the tokens it stored. Given a Client ID Metadata
 * Document URL as well, it uses that URL as its client id instead of registering.
 */
class InspectorCliIT extends RealClientTestBase {

	static final Pattern NAVIGATE = Pattern.compile("Please navigate to: (\\S+)");

	@BeforeAll
	static void start() {
		startStack("inspector", Duration.ofMinutes(10));
	}

	@ParameterizedTest(name = "--protocol-era {0} speaks {1}")
	@CsvSource({ "legacy, 2025-11-25", "modern, 2026-07-28" })
	void inspectorWhenGivenOnlyTheMcpUrlThenPersonSignsInAndItsToolCallsReachTheSandbox(String era,
			String protocolVersion) {
		InspectorCli inspector = new InspectorCli(node, stack.mcpUrl(), era);
		PersonInBrowser alice = new PersonInBrowser(browser, "alice", "sandbox");

		JsonNode tools;
		try (ClientProcess first = inspector.startInteractive("tools/list")) {
			String authorizeUrl = first.await(NAVIGATE, Duration.ofSeconds(60)).group(1);
			assertThat(authorizeUrl).as("Inspector found the authorization endpoint through the metadata")
				.startsWith(stack.publicUrl() + "/oauth2/authorize?");
			assertThat(authorizeUrl).contains("resource=" + encoded(stack.mcpUrl()));

			Authorization done = alice.authorize(authorizeUrl, inspector.callbackUrl(), "inspector-" + era);
			assertThat(done.pages()).as("sandbox sign-in, then the gateway's consent page")
				.containsExactly("sign-in", "consent");
			assertThat(done.consent().heading()).contains("MCP Inspector");
			assertThat(done.consent().text()).as("the consent page names where the browser goes back to")
				.containsAnyOf("127.0.0.1", "on this computer");
			assertThat(done.consent().scopes()).isNotEmpty().allMatch((scope) -> scope.matches("[a-z]+:(read|write)"));
			assertThat(done.consent().text()).contains(done.consent().scopes());
			assertThat(done.consent().overflowsAtPhoneWidth()).as("consent page fits a phone's width").isFalse();

			int exit = first.awaitExit(Duration.ofSeconds(60));
			assertThat(exit)
				.as("Inspector finished the flow; log %s:%n%s%n%s", first.log(), first.output(), stack.logTails())
				.isZero();
			tools = InspectorCli.result(first);
		}
		assertThat(names(tools.get("tools"))).contains("whoami", "list_items", "capture_item");

		JsonNode connection = inspector.call("initialize");
		assertThat(connection.path("protocolVersion").asString()).as("the era Inspector negotiated: %s", connection)
			.isEqualTo(protocolVersion);
		assertThat(connection.path("serverInfo").path("name").asString()).isEqualTo("deferno-mcp-gateway");

		JsonNode whoami = inspector.call("tools/call", "--tool-name", "whoami");
		assertThat(whoami.path("isError").asBoolean(false)).as("whoami: %s", whoami).isFalse();
		assertThat(text(whoami)).contains("alice");

		JsonNode items = inspector.call("tools/call", "--tool-name", "list_items");
		assertThat(items.path("isError").asBoolean(false)).as("list_items: %s", items).isFalse();
		assertThat(text(items)).as("alice's items carry refs of her personal org").contains("u-alice1-");

		String title = "inspector e2e " + UUID.randomUUID().toString().substring(0, 8);
		String arguments = JsonMapper.builder()
			.build()
			.createObjectNode()
			.put("title", title)
			.put("attend", false)
			.put("repeats", false)
			.toString();
		JsonNode captured = inspector.call("tools/call", "--tool-name", "capture_item", "--tool-args-json", arguments);
		assertThat(captured.path("isError").asBoolean(false)).as("capture_item: %s", captured).isFalse();
		assertThat(text(captured)).contains(title);
		assertThat(SandboxApi.of(stack).itemTitles("alice")).as("the item is really in alice's sandbox account")
			.contains(title);
		// the sign-in's token, which any app alice approves in it uses, is the gateway's
		assertThat(SandboxApi.of(stack).tokenNames("alice"))
			.contains("Deferno MCP gateway \u2014 signed in for MCP Inspector");

		JsonNode review = inspector.call("prompts/get", "--prompt-name", "daily_review", "--prompt-args",
				"date=2026-07-28");
		assertThat(review.path("messages").get(0).path("content").path("text").asString())
			.contains("`get_daily_plan` with date=\"2026-07-28\"");

		browser.open(stack.publicUrl() + "/connected-apps");
		browser.screenshot("connected-apps-" + era);
		assertThat(browser.text()).as("alice's connected apps list Inspector").contains("MCP Inspector");
		assertThat(browser.overflowsAtPhoneWidth()).as("connected apps fits a phone's width").isFalse();
		// the pages follow the system's dark scheme
		assertThat(browser.computedStyle(".card", "background-color", false)).isEqualTo("rgb(255, 255, 255)");
		assertThat(browser.computedStyle(".card", "background-color", true)).isEqualTo("rgb(28, 32, 41)");
		assertThat(browser.computedStyle("body", "color", true)).isEqualTo("rgb(230, 233, 239)");
	}

	@Test
	void inspectorWhenGivenClientMetadataUrlThenItIsTheClientIdAndConsentShowsItsVerifiedHost() {
		String path = "/inspector/client-metadata.json";
		// port-less loopback redirect, as Claude Code declares it: Inspector listens on a
		// port of its own
		String clientId = documents.publish(path, "MCP Inspector via its metadata document",
				List.of("http://127.0.0.1/oauth/callback"));
		InspectorCli inspector = new InspectorCli(node, stack.mcpUrl(), "legacy", clientId);
		PersonInBrowser alice = new PersonInBrowser(browser, "alice", "sandbox");

		try (ClientProcess first = inspector.startInteractive("tools/list")) {
			String authorizeUrl = first.await(NAVIGATE, Duration.ofSeconds(60)).group(1);
			assertThat(authorizeUrl).as("Inspector sent its document URL as client_id")
				.contains("client_id=" + encoded(clientId));

			Authorization done = alice.authorize(authorizeUrl, inspector.callbackUrl(), "cimd-inspector");
			assertThat(done.pages()).endsWith("consent");
			assertThat(done.consent().heading()).contains("MCP Inspector via its metadata document");
			assertThat(done.consent().text()).contains("localhost — verified by its address")
				.contains("an application on this computer")
				.contains("any program here could claim to be it");
			assertThat(done.consent().overflowsAtPhoneWidth()).isFalse();

			int exit = first.awaitExit(Duration.ofSeconds(60));
			assertThat(exit)
				.as("Inspector finished the flow; log %s:%n%s%n%s", first.log(), first.output(), stack.logTails())
				.isZero();
			assertThat(names(InspectorCli.result(first).get("tools"))).contains("whoami", "capture_item");
		}
		JsonNode whoami = inspector.call("tools/call", "--tool-name", "whoami");
		assertThat(text(whoami)).as("whoami: %s", whoami).contains("alice");
		assertThat(documents.fetches(path)).as("the auth server read the document").isPositive();

		browser.open(stack.publicUrl() + "/connected-apps");
		browser.screenshot("cimd-connected-apps");
		assertThat(browser.text()).contains("MCP Inspector via its metadata document")
			.contains("localhost — verified by its address");
	}

	@Test
	void authorizeWhenClientMetadataDocumentIsMissingThenErrorPageSayingSoAndNoRedirect() {
		String missing = documents.url("/missing.json");
		browser.open(stack.publicUrl() + "/oauth2/authorize?response_type=code&client_id=" + encoded(missing)
				+ "&redirect_uri=" + encoded("http://127.0.0.1:9/cb")
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
		browser.screenshot("cimd-error-missing-document");

		assertThat(browser.url()).startsWith(stack.publicUrl());
		assertThat(browser.text()).contains("could not be fetched: the server answered HTTP 404");
	}

	@Test
	void consentPageWhenTheRedirectHostIsLongThenItWrapsAndItsEndStaysOnAPhoneScreen() {
		// the end of the host names the site the code goes to: it must never run off
		String host = "claude.ai.secure-oauth-connector-" + "x".repeat(40) + ".verified-anthropic-" + "y".repeat(40)
				+ ".attacker.example";
		String redirect = "https://" + host + "/cb";
		HttpResponse<String> registered = new Browser().postJson(stack.publicUrl() + "/oauth2/register",
				"{\"client_name\":\"Claude\",\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"" + redirect
						+ "\"]}");
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = JsonMapper.builder().build().readTree(registered.body()).path("client_id").asString();

		ConsentPage consent = new PersonInBrowser(browser, "alice", "sandbox").consentPage(
				stack.publicUrl() + "/oauth2/authorize?response_type=code&client_id=" + encoded(clientId)
						+ "&redirect_uri=" + encoded(redirect)
						+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
				"long-host");

		assertThat(consent.text()).contains(host);
		assertThat(consent.overflowsAtPhoneWidth()).as("consent page fits a phone's width").isFalse();
	}

	@Test
	void signOutPageWhenItGoesOnWithTheAuthorizationThenTheBrowserReachesDefernosSignIn() {
		String redirect = "http://127.0.0.1:9/cb";
		HttpResponse<String> registered = new Browser().postJson(stack.publicUrl() + "/oauth2/register",
				"{\"client_name\":\"Switching\",\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\""
						+ redirect + "\"]}");
		String clientId = JsonMapper.builder().build().readTree(registered.body()).path("client_id").asString();
		new PersonInBrowser(browser, "alice", "sandbox").consentPage(
				stack.publicUrl() + "/oauth2/authorize?response_type=code&client_id=" + encoded(clientId)
						+ "&redirect_uri=" + encoded(redirect)
						+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
				"switch-account");
		String state = browser.find(By.cssSelector("#switch-account input[name=state]"))
			.orElseThrow()
			.getDomAttribute("value");

		// the page a stale "Not alice?" form is answered with: its sign-out goes on with
		// the
		// authorization, through the sign-in at Deferno (another origin)
		browser.open(stack.publicUrl() + "/logout?state=" + encoded(state));
		browser.clickAndWait(browser.find(By.cssSelector("#sign-out button")).orElseThrow());
		browser.screenshot("switch-account-signed-out");

		assertThat(browser.url()).as("the page's policy let its form's redirects leave the gateway")
			.doesNotStartWith(stack.publicUrl());
		assertThat(browser.find(By.name("password"))).as("Deferno's sign-in, for another account").isPresent();
	}

	@Test
	void authorizeWhenClientIsUnknownThenErrorPageAndNoRedirect() {
		String unknownClient = stack.publicUrl() + "/oauth2/authorize?response_type=code&client_id=no-such-client"
				+ "&redirect_uri=" + encoded("http://127.0.0.1:9/callback")
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

		browser.open(unknownClient);
		browser.screenshot("error-unknown-client");

		assertThat(browser.url()).as("never a redirect to an unregistered redirect URI").startsWith(stack.publicUrl());
		assertThat(browser.find(By.tagName("h1"))).as("a page that says what went wrong").isPresent();
		assertThat(browser.text()).contains("invalid_request");
		assertThat(browser.overflowsAtPhoneWidth()).as("error page fits a phone's width").isFalse();
	}

	private static List<String> names(JsonNode tools) {
		List<String> names = new ArrayList<>();
		tools.forEach((tool) -> names.add(tool.path("name").asString()));
		return names;
	}

	private static String text(JsonNode result) {
		StringBuilder text = new StringBuilder();
		result.path("content").forEach((content) -> text.append(content.path("text").asString("")).append('\n'));
		return text.toString();
	}

	private static String encoded(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
