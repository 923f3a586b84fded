package com.defernowork.gateway.auth.authorize;

import java.net.http.HttpResponse;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code prompt}: {@code none} never gets a sign-in or consent page, {@code consent}
 * always gets the consent page, over real HTTP with the tests' sign-in.
 */
class PromptIT extends AuthServerTestBase {

	private static final String LOOPBACK = "http://127.0.0.1:6276/oauth/callback";

	private static final String WEB = "https://app.example/callback";

	@Test
	void authorizeWhenPromptNoneAndNobodySignedInThenLoginRequiredToTheClientNotTheSignInPage() {
		Map<String, String> request = request(publicClient(LOOPBACK), LOOPBACK, "none");
		HttpResponse<String> response = this.flow.authorize(request);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(Browser.location(response)).startsWith(LOOPBACK + "?");
		assertThat(AuthorizationCodeFlow.query(response)).containsEntry("error", "login_required")
			.containsEntry("state", "p-state")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void authorizeWhenPromptNoneToAWebRedirectThenTheErrorAsALinkNeverTheSignInPageNorAnOpenRedirect() {
		// anyone may register a web redirect: an error sent there on its own would make
		// this server an open redirector, prompt or not
		HttpResponse<String> response = this.flow.authorize(request(webClient(), WEB, "none"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("href=\"" + WEB + "?error=login_required", "state=p-state");
	}

	@Test
	void authorizeWhenPromptNoneAndSignedInWithoutConsentThenConsentRequired() {
		String clientId = publicClient(LOOPBACK);
		this.flow.signIn("pia");
		HttpResponse<String> response = this.flow.authorize(request(clientId, LOOPBACK, "none"));
		assertThat(Browser.location(response)).startsWith(LOOPBACK + "?");
		assertThat(AuthorizationCodeFlow.query(response)).containsEntry("error", "consent_required")
			.containsEntry("state", "p-state")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void authorizeWhenPromptNoneAndConsentRememberedThenTheCodeWithoutAnyPage() {
		String clientId = webClient();
		assertThat(this.flow.callback(request(clientId, WEB, null), "pia")).containsKey("code");
		HttpResponse<String> silent = this.flow.authorize(request(clientId, WEB, "none"));
		assertThat(Browser.location(silent)).startsWith(WEB + "?code=");
	}

	@Test
	void authorizeWhenPromptConsentThenTheConsentPageThoughAnApprovalIsRemembered() {
		String clientId = webClient();
		assertThat(this.flow.callback(request(clientId, WEB, null), "pia")).containsKey("code");
		assertThat(Browser.location(this.flow.authorize(request(clientId, WEB, null)))).as("remembered")
			.startsWith(WEB + "?code=");
		HttpResponse<String> asked = this.flow.authorize(request(clientId, WEB, "consent"));
		assertThat(Browser.location(asked)).contains("/consent");
		// an unimplemented value is ignored (RFC 6749 §3.1)
		assertThat(Browser.location(this.flow.authorize(request(clientId, WEB, "login")))).startsWith(WEB + "?code=");
	}

	@Test
	void authorizeWhenPromptNoneWithAnotherValueOrRepeatedThenInvalidRequest() {
		String clientId = publicClient(LOOPBACK);
		HttpResponse<String> combined = this.flow.authorize(request(clientId, LOOPBACK, "none consent"));
		assertThat(AuthorizationCodeFlow.query(combined)).containsEntry("error", "invalid_request")
			.containsEntry("state", "p-state");
		assertThat(AuthorizationCodeFlow.query(combined).get("error_description")).contains("prompt=none");
		HttpResponse<String> repeated = this.flow.browser()
			.get(BASE_URL + "/oauth2/authorize?" + Browser.form(request(clientId, LOOPBACK, "none")) + "&prompt=none",
					"Accept", Browser.HTML);
		assertThat(AuthorizationCodeFlow.query(repeated)).containsEntry("error", "invalid_request");
		assertThat(AuthorizationCodeFlow.query(repeated).get("error_description")).contains("prompt is repeated");
	}

	@Test
	void authorizeWhenPromptNoneWithoutCodeChallengeThenThatIsWhatTheClientIsToldFirst() {
		Map<String, String> request = request(publicClient(LOOPBACK), LOOPBACK, "none");
		request.remove("code_challenge");
		request.remove("code_challenge_method");
		Map<String, String> callback = AuthorizationCodeFlow.query(this.flow.authorize(request));
		assertThat(callback).containsEntry("error", "invalid_request");
		assertThat(callback.get("error_description")).contains("code_challenge");
	}

	private static Map<String, String> request(String clientId, String redirect, String prompt) {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "p-state");
		request.put("scope", "tasks:read");
		if (prompt != null) {
			request.put("prompt", prompt);
		}
		return request;
	}

	private String publicClient(String redirect) {
		return (String) this.registration.registerPublic(redirect).get("client_id");
	}

	private String webClient() {
		return (String) Json
			.parse(this.registration.register("{\"redirect_uris\":[\"" + WEB
					+ "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Web\"}")
				.body())
			.get("client_id");
	}

}
