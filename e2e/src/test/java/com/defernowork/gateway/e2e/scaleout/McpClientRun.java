package com.defernowork.gateway.e2e.scaleout;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.e2e.support.HttpCalls;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.HtmlForm;
import com.defernowork.gateway.testsupport.Pkce;
import org.jsoup.nodes.Document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One MCP client and its person, start to end, through the public origin only: discovery
 * (401 challenge, protected resource metadata, authorization server metadata) → dynamic
 * registration → authorize → Deferno sign-in page → consent → token → tools → refresh →
 * tools → revoke. Each step is its own method, so a test can act between two.
 */
final class McpClientRun {

	private static final String REDIRECT = "http://127.0.0.1:6279/oauth/callback";

	private static final Pattern SIGN_IN = Pattern.compile("(?i)^\\s*(sign|log)\\s*in");

	private static final Pattern APPROVE = Pattern.compile("(?i)^\\s*(allow|approve|authori[sz]e|connect)");

	private final ScaleOutStack stack;

	private final Browser browser = new Browser();

	private final Browser client = new Browser();

	private final AuthorizationCodeFlow tokens;

	private final Pkce pkce = Pkce.s256();

	private final String state = UUID.randomUUID().toString();

	private String clientId;

	private String accessToken;

	private String refreshToken;

	McpClientRun(ScaleOutStack stack) {
		this.stack = stack;
		this.tokens = new AuthorizationCodeFlow(stack.publicUrl());
	}

	/** The whole run. */
	void complete() {
		discoverAndRegister();
		Document consent = signIn();
		approve(consent);
		useRefreshAndRevoke();
	}

	void discoverAndRegister() {
		HttpResponse<String> challenge = mcp(null, "whoami");
		assertThat(challenge.statusCode()).isEqualTo(401);
		String metadataUrl = challenge.headers()
			.firstValue("WWW-Authenticate")
			.orElseThrow()
			.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
		JsonNode resource = HttpCalls.json(ok(this.client.get(metadataUrl, "Accept", "application/json")));
		assertThat(resource.path("authorization_servers").get(0).asString()).isEqualTo(this.stack.publicUrl());
		JsonNode server = HttpCalls.json(ok(this.client
			.get(this.stack.publicUrl() + "/.well-known/oauth-authorization-server", "Accept", "application/json")));
		String registration = server.path("registration_endpoint").asString();
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("redirect_uris", List.of(REDIRECT));
		metadata.put("token_endpoint_auth_method", "none");
		metadata.put("grant_types", List.of("authorization_code", "refresh_token"));
		metadata.put("response_types", List.of("code"));
		metadata.put("client_name", "scale-out run");
		HttpResponse<String> registered = this.client.postJson(registration,
				HttpCalls.JSON.writeValueAsString(metadata));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		this.clientId = HttpCalls.json(registered).path("client_id").asString();
	}

	/** Authorize, sign in at the sandbox as alice; returns the consent page. */
	Document signIn() {
		Map<String, String> request = AuthorizationCodeFlow.request(this.clientId, REDIRECT, this.pkce, this.state);
		request.put("resource", this.stack.mcpUrl());
		request.put("scope", "tasks:read profile:read");
		Browser.Step page = this.browser
			.open(URI.create(this.stack.publicUrl() + "/oauth2/authorize?" + Browser.form(request)), this::isCallback);
		assertThat(page.isPage()).as("%s", page).isTrue();
		HtmlForm signIn = HtmlForm.withButton(page.document(), SIGN_IN)
			.or(() -> HtmlForm.signIn(page.document()))
			.orElseThrow(() -> new IllegalStateException("no sign-in form: " + page));
		Browser.Step consent = this.browser.submit(signIn.set("username", "alice").set("password", "sandbox"),
				this::isCallback);
		assertThat(consent.isPage()).as("%s, visited %s", consent, this.browser.visited()).isTrue();
		assertThat(consent.status()).as("%s", consent).isEqualTo(200);
		assertThat(consent.uri().getPath()).isEqualTo("/consent");
		return consent.document();
	}

	/** Approves the consent page and redeems the code. */
	void approve(Document consent) {
		HtmlForm approve = HtmlForm.withButton(consent, APPROVE)
			.orElseThrow(() -> new IllegalStateException("no approve button on " + consent));
		Browser.Step back = this.browser.submit(approve, this::isCallback);
		assertThat(back.isPage()).as("%s, visited %s", back, this.browser.visited()).isFalse();
		Map<String, String> callback = Browser.query(back.redirect().toString());
		assertThat(callback).containsEntry("state", this.state).containsKey("code");
		HttpResponse<String> issued = this.tokens.exchangeCode(this.clientId, callback.get("code"), this.pkce, REDIRECT,
				this.stack.mcpUrl());
		keep(ok(issued));
	}

	/**
	 * Calls a tool, refreshes, calls again, revokes: the revoked grant no longer reaches
	 * the tools.
	 */
	void useRefreshAndRevoke() {
		assertToolWorks(this.accessToken);
		String firstAccessToken = this.accessToken;
		keep(ok(this.tokens.refresh(this.clientId, this.refreshToken, this.stack.mcpUrl())));
		assertThat(this.accessToken).isNotEqualTo(firstAccessToken);
		assertToolWorks(this.accessToken);
		HttpResponse<String> revoked = this.tokens.revoke(this.clientId, this.refreshToken);
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(introspect(this.accessToken).path("active").asBoolean(true)).isFalse();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> mcp(this.accessToken, "whoami").statusCode() == 401);
	}

	String clientId() {
		return this.clientId;
	}

	String refreshToken() {
		return this.refreshToken;
	}

	/**
	 * Refreshes the run's grant (kept by {@link #keep}) and checks the new access token
	 * at a tool.
	 */
	void refreshAndUse() {
		keep(ok(this.tokens.refresh(this.clientId, this.refreshToken, this.stack.mcpUrl())));
		assertToolWorks(this.accessToken);
	}

	JsonNode introspect(String token) {
		return HttpCalls.json(ok(this.tokens.introspect(token, ScaleOutStack.RS_CLIENT_ID, this.stack.rsSecret())));
	}

	private void assertToolWorks(String token) {
		HttpResponse<String> answer = ok(mcp(token, "whoami"));
		JsonNode result = HttpCalls.JSON.readTree(answer.body()).path("result");
		assertThat(result.path("isError").asBoolean(false)).as(answer.body()).isFalse();
		assertThat(result.toString()).contains("alice");
	}

	private void keep(HttpResponse<String> issued) {
		JsonNode json = HttpCalls.json(issued);
		this.accessToken = json.path("access_token").asString();
		this.refreshToken = json.path("refresh_token").asString();
		assertThat(this.refreshToken).as(issued.body()).isNotBlank();
	}

	private HttpResponse<String> mcp(String token, String tool) {
		String body = """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":{}}}""".formatted(tool);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stack.mcpUrl()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return (token != null)
				? this.client.send(request, "Accept", "application/json, text/event-stream", "Mcp-Protocol-Version",
						"2025-11-25", "Authorization", "Bearer " + token)
				: this.client.send(request, "Accept", "application/json, text/event-stream", "Mcp-Protocol-Version",
						"2025-11-25");
	}

	private boolean isCallback(URI uri) {
		return uri.toString().startsWith(REDIRECT);
	}

	private static HttpResponse<String> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("%s %s", response.uri(), response.body()).isBetween(200, 299);
		return response;
	}

}
