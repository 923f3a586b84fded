package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.defernowork.gateway.e2e.clients.PersonInBrowser.Authorization;
import com.defernowork.gateway.e2e.support.ClientCallback;
import com.defernowork.gateway.testsupport.AppProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's sign-in page (what the gateway sends a person to) in headless Chromium,
 * on its own: the same browser driver the real-client tests use signs in and is sent back
 * to a loopback redirect URI; a wrong password and an unknown application show their
 * pages. Screenshots of each.
 */
class SandboxSignInPageIT {

	static AppProcess sandbox;

	static HeadlessChromium browser;

	static ClientCallback callback;

	@BeforeAll
	static void start() throws IOException {
		browser = HeadlessChromium.start();
		sandbox = AppProcess.of("deferno-sandbox").start();
		callback = ClientCallback.start();
	}

	@AfterAll
	static void stop() {
		if (callback != null) {
			callback.close();
		}
		if (sandbox != null) {
			sandbox.close();
		}
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void signInWhenPersonEntersTheirPasswordThenBrowserReturnsToTheClientWithACode() {
		String redirectUri = redirectUri();
		String state = UUID.randomUUID().toString();

		Authorization done = new PersonInBrowser(browser, "alice", "sandbox")
			.authorize(authorizeUrl(register(redirectUri), redirectUri, state), redirectUri, "sandbox");

		assertThat(done.pages()).containsExactly("sign-in");
		assertThat(done.redirectedTo()).contains("code=").contains("state=" + state);
	}

	@Test
	void signInWhenPasswordIsWrongThenThePageSaysSoAndStays() {
		String redirectUri = redirectUri();
		browser.open(authorizeUrl(register(redirectUri), redirectUri, "s"));
		browser.find(By.name("username")).orElseThrow().clear();
		browser.find(By.name("username")).orElseThrow().sendKeys("alice");
		browser.find(By.name("password")).orElseThrow().sendKeys("not-the-password");
		browser.clickAndWait(browser.find(By.cssSelector("button[value=sign_in]")).orElseThrow());

		browser.screenshot("sandbox-sign-in-wrong-password");
		assertThat(browser.url()).doesNotStartWith(redirectUri);
		assertThat(browser.find(By.name("password"))).isPresent();
		assertThat(browser.overflowsAtPhoneWidth()).isFalse();
	}

	@Test
	void authorizeWhenApplicationIsUnknownThenErrorPage() {
		browser.open(authorizeUrl("no-such-client", redirectUri(), "s"));

		browser.screenshot("sandbox-error-unknown-client");
		assertThat(browser.text()).contains("Unknown application");
		assertThat(browser.url()).startsWith(sandbox.baseUrl());
	}

	private static String redirectUri() {
		return callback.uri();
	}

	private static String authorizeUrl(String clientId, String redirectUri, String state) {
		return sandbox.baseUrl() + "/api/auth/native/authorize?response_type=code&client_id=" + encode(clientId)
				+ "&redirect_uri=" + encode(redirectUri) + "&state=" + encode(state)
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
	}

	private static String register(String redirectUri) {
		JsonMapper json = JsonMapper.builder().build();
		String body = json.createObjectNode()
			.put("client_name", "e2e browser check")
			.put("token_endpoint_auth_method", "none")
			.set("redirect_uris", json.createArrayNode().add(redirectUri))
			.toString();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/auth/native/register"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode answer = json.readTree(response.body());
			return (answer.has("data") ? answer.get("data") : answer).path("client_id").asString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
