package com.defernowork.gateway.auth.upstream;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector {@code deferno} against the real deferno-sandbox application: its sign-in
 * page, codes and tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
class DefernoSandboxLoginIT {

	static final int PORT = FreePorts.next();

	static final String BASE = "http://127.0.0.1:" + PORT;

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox").env("SANDBOX_PORT", "0").start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> BASE);
		registry.add("auth.storage", () -> "memory");
		registry.add("auth.upstream.deferno-base-url", () -> sandbox.baseUrl() + "/api");
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	private final Browser browser = new Browser();

	private String startSignIn() {
		HttpResponse<String> login = GatewaySignIn.start(this.browser, BASE);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		String authorize = Browser.location(login);
		assertThat(authorize).startsWith(sandbox.baseUrl() + "/api/auth/native/authorize?");
		return authorize;
	}

	@Test
	void signInWhenAliceSignsInAtSandboxThenSignedInAsAlice() {
		HttpResponse<String> deferno = SandboxSignInPage.signIn(this.browser, startSignIn(), "alice", "sandbox");
		assertThat(deferno.statusCode()).as(deferno.body()).isEqualTo(302);
		String callback = Browser.location(deferno);
		assertThat(callback).startsWith(BASE + "/login/callback?");

		HttpResponse<String> signedIn = this.browser.get(callback);
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		assertThat(Browser.location(signedIn)).startsWith(BASE + "/connected-apps");
		HttpResponse<String> apps = this.browser.get(BASE + "/connected-apps");
		assertThat(apps.statusCode()).isEqualTo(200);
		assertThat(apps.body()).contains("Signed in to Deferno as <strong>alice</strong>");
	}

	@Test
	void authorizeWhenPostedSignedOutThenTheRequestWaitsThroughTheSignInAndEndsWithItsCode() {
		// RFC 6749 §3.1 allows POST at the authorization endpoint; the sign-in went to
		// Connected apps and the application waited for an answer that never came
		String redirectUri = "http://127.0.0.1:4711/callback";
		String clientId = (String) new RegistrationClient(BASE).registerPublic(redirectUri).get("client_id");
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, redirectUri, Pkce.s256(), "a+b c");
		request.put("scope", "tasks:read");
		HttpResponse<String> posted = this.browser.postForm(BASE + "/oauth2/authorize", request, "Accept",
				Browser.HTML);
		assertThat(Browser.location(posted)).as(posted.body()).contains("/oauth2/authorization/deferno?request=");

		HttpResponse<String> start = this.browser.get(Browser.location(posted));
		HttpResponse<String> deferno = SandboxSignInPage.signIn(this.browser, Browser.location(start), "alice",
				"sandbox");
		HttpResponse<String> back = this.browser.get(Browser.location(deferno));
		assertThat(Browser.location(back)).as(back.body()).startsWith(BASE + "/oauth2/authorize?");
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE, this.browser);
		HttpResponse<String> consent = flow
			.consentPage(this.browser.get(Browser.location(back), "Accept", Browser.HTML));
		assertThat(AuthorizationCodeFlow.requestedScopes(consent.body())).containsExactly("tasks:read");
		Map<String, String> callback = AuthorizationCodeFlow.query(flow.approve(consent.body(), "tasks:read"));
		assertThat(callback).containsEntry("state", "a+b c").containsKey("code");
	}

	@Test
	void signInWhenCancelledAtSandboxThenCancelledPage() {
		HttpResponse<String> deferno = SandboxSignInPage.cancel(this.browser, startSignIn());
		assertThat(deferno.statusCode()).isEqualTo(302);
		HttpResponse<String> callback = this.browser.get(Browser.location(deferno));
		assertThat(callback.statusCode()).isEqualTo(403);
		assertThat(callback.body()).contains("Sign-in cancelled");
	}

	@Test
	void callbackWhenCodeReplayedThenRefusedPage() {
		HttpResponse<String> deferno = SandboxSignInPage.signIn(this.browser, startSignIn(), "bob", "sandbox");
		String callback = Browser.location(deferno);
		this.browser.get(callback);
		// a new sign-in in the same browser, answered with the old (spent) code and the
		// new state
		String authorize = startSignIn();
		String state = Browser.query(authorize).get("state");
		String code = Browser.query(callback).get("code");
		HttpResponse<String> replay = this.browser.get(BASE + "/login/callback?code=" + code + "&state=" + state);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(replay.body()).contains("Deferno did not accept the sign-in");
	}

	@Test
	void callbackWhenCodeIsGarbageWithTheRightStateThenBadRequestPage() {
		String state = Browser.query(startSignIn()).get("state");
		HttpResponse<String> callback = this.browser.get(BASE + "/login/callback?code=not-a-code&state=" + state);
		assertThat(callback.statusCode()).isEqualTo(400);
		assertThat(callback.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(callback.body()).contains("Deferno did not accept the sign-in", "Try again", "href=\"/login\"")
			.doesNotContain("Exception", "at com.");
		HttpResponse<String> apps = this.browser.get(BASE + "/connected-apps");
		assertThat(apps.statusCode()).isEqualTo(302);
	}

}
