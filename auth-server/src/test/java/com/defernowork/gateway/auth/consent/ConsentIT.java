package com.defernowork.gateway.auth.consent;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.HtmlForm;
import com.defernowork.gateway.testsupport.Pkce;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page: what it shows, Deny, CSRF, duplicate GETs and when a remembered
 * consent applies.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsentIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String WEB_REDIRECT = "https://app.example/callback";

	private static final String ALL_SCOPES = "tasks:read tasks:write plan:read plan:write profile:read";

	@Autowired
	private RegisteredClientRepository clients;

	@Test
	void consentPageWhenShownThenNamesClientHostUserAndScopesWithProtectiveHeaders() {
		String clientId = webClient();
		HttpResponse<String> page = consentPage(clientId, WEB_REDIRECT, "tasks:read tasks:write");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.contains("Web App (beta)", "https://app.example", "app.example", "carol",
					"Create, change and delete your tasks", "value=\"tasks:write\"", "value=\"tasks:read\"",
					"name=\"_csrf\"")
			.doesNotContain("value=\"plan:read\"");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'",
				"frame-ancestors 'none'");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	void consentPageWhenClientUriOnAnotherHostThanTheRedirectThenNotShown() {
		// anyone may register a familiar home page beside a redirect URI of their own
		String clientId = (String) com.defernowork.gateway.auth.support.Json.parse(this.registration
			.register("{\"redirect_uris\":[\"" + WEB_REDIRECT
					+ "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Lookalike\",\"client_uri\":\"https://claude.ai/download\"}")
			.body()).get("client_id");
		HttpResponse<String> page = consentPage(clientId, WEB_REDIRECT, "tasks:read");
		assertThat(page.body()).contains("Lookalike", "app.example").doesNotContain("claude.ai");
	}

	@Test
	void consentPageWhenPolicyAndTermsOnTheRedirectHostThenLinkedAndWhenElsewhereThenNot() {
		String clientId = (String) com.defernowork.gateway.auth.support.Json.parse(this.registration
			.register("{\"redirect_uris\":[\"" + WEB_REDIRECT
					+ "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Web App\","
					+ "\"policy_uri\":\"https://app.example/privacy\",\"tos_uri\":\"https://app.example/terms\"}")
			.body()).get("client_id");
		assertThat(consentPage(clientId, WEB_REDIRECT, "tasks:read").body()).contains(
				"href=\"https://app.example/privacy\" rel=\"noopener noreferrer\" target=\"_blank\">Its privacy policy "
						+ "(opens in a new tab)</a>",
				"<span>·</span>", "href=\"https://app.example/terms\" rel=\"noopener noreferrer\" "
						+ "target=\"_blank\">Its terms of service (opens in a new tab)</a>");

		// a policy anyone could name: a familiar company's, beside a redirect URI of
		// their own
		String lookalike = (String) com.defernowork.gateway.auth.support.Json
			.parse(this.registration.register("{\"redirect_uris\":[\"" + WEB_REDIRECT
					+ "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Lookalike\","
					+ "\"policy_uri\":\"https://www.anthropic.com/legal/privacy\"}")
				.body())
			.get("client_id");
		assertThat(consentPage(lookalike, WEB_REDIRECT, "tasks:read").body()).contains("Lookalike")
			.doesNotContain("anthropic.com", "Its privacy policy", "Its terms of service");
	}

	@Test
	void consentWhenApprovedThenRedirectWithTheCodeSendsNoReferrer() {
		String clientId = webClient();
		HttpResponse<String> page = consentPage(clientId, WEB_REDIRECT, "tasks:read");
		HttpResponse<String> approved = this.flow.approve(page.body(), "tasks:read");
		assertThat(AuthorizationCodeFlow.query(approved)).containsKey("code");
		assertThat(approved.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	void consentWhenDeniedThenAccessDeniedRedirectWithIss() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		HttpResponse<String> denied = this.flow.deny(page.body());
		assertThat(denied.statusCode()).isEqualTo(302);
		assertThat(AuthorizationCodeFlow.query(denied)).containsEntry("error", "access_denied")
			.containsEntry("error_description", "The person did not authorize the application")
			.containsEntry("state", "consent-state")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void consentWhenApprovedWithNothingTickedThenAccessDeniedAsThePageSays() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read tasks:write");
		assertThat(page.body()).contains("approving with nothing ticked is the same as Deny");
		HttpResponse<String> approved = this.flow.approve(page.body());
		assertThat(approved.statusCode()).isEqualTo(302);
		assertThat(AuthorizationCodeFlow.query(approved)).containsEntry("error", "access_denied")
			.containsEntry("state", "consent-state")
			.doesNotContainKey("code");
	}

	@Test
	void consentWhenPostedAgainBeforeItsCodeIsRedeemedThenTheSameCode() {
		String clientId = publicClient();
		Pkce pkce = Pkce.s256();
		String page = readingConsentPage(clientId, pkce, "clicked-twice");
		String code = AuthorizationCodeFlow.query(this.flow.approve(page, "tasks:read")).get("code");
		// Deny is another answer: told the request was answered, never sent the code
		HttpResponse<String> denied = this.flow.deny(page);
		assertThat(denied.headers().firstValue("Location")).isEmpty();
		assertThat(denied.body()).contains("already answered").doesNotContain(code);
		// a double click a moment apart: the browser follows only this answer
		HttpResponse<String> again = this.flow.approve(page, "tasks:read");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(302);
		assertThat(AuthorizationCodeFlow.query(again)).containsEntry("code", code)
			.containsEntry("state", "clicked-twice");
		assertThat(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null).statusCode()).isEqualTo(200);
	}

	@Test
	void consentWhenPostedAgainAfterItsCodeWasRedeemedThenExpiredPageNotARedirectWithOurState() {
		String clientId = publicClient();
		Pkce pkce = Pkce.s256();
		String page = readingConsentPage(clientId, pkce, "consent-state");
		String code = AuthorizationCodeFlow.query(this.flow.approve(page, "tasks:read")).get("code");
		assertThat(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, null).statusCode()).isEqualTo(200);
		HttpResponse<String> again = this.flow.approve(page, "tasks:read");
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.headers().firstValue("Location")).isEmpty();
		assertThat(again.body()).contains("already answered, has expired or belongs to someone else");
	}

	@Test
	void consentWhenOneFormIsPostedSeveralTimesAtOnceThenEachGetsTheOneCodeWhichRedeems() throws Exception {
		String clientId = publicClient();
		Pkce pkce = Pkce.s256();
		String page = readingConsentPage(clientId, pkce, "twice");
		// a double click, a resent POST: each used to issue a code, the later replacing
		// the earlier, which the client may have been sent
		List<HttpResponse<String>> answers;
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> posts = IntStream.range(0, 6).mapToObj((i) -> threads.submit(() -> {
				start.await();
				return this.flow.approve(page, "tasks:read");
			})).toList();
			start.countDown();
			answers = new ArrayList<>();
			for (Future<HttpResponse<String>> post : posts) {
				answers.add(post.get());
			}
		}

		// the browser follows the last response only: each that waited its turn, or came
		// after the answer while the code is unredeemed, carries the code the first was
		// given
		List<String> codes = answers.stream()
			.filter((answer) -> answer.statusCode() == 302)
			.map((answer) -> AuthorizationCodeFlow.query(answer).get("code"))
			.toList();
		String statuses = answers.stream().map(HttpResponse::statusCode).toList().toString();
		assertThat(codes).as(statuses).hasSizeGreaterThan(1).containsOnly(codes.get(0));
		assertThat(answers).filteredOn((answer) -> answer.statusCode() != 302)
			.allSatisfy((answer) -> assertThat(answer.body()).contains("already answered"));
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, codes.get(0), pkce, REDIRECT, null);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
	}

	@Test
	void consentWhenFormAlteredToApproveAScopeNotRequestedThenPageSaysSoNotExpired() {
		HttpResponse<String> page = consentPage(publicClient(), REDIRECT, "tasks:read");
		HttpResponse<String> altered = this.flow.approve(page.body(), "tasks:read", "tasks:write");
		assertThat(altered.statusCode()).isEqualTo(400);
		assertThat(altered.headers().firstValue("Location")).isEmpty();
		assertThat(altered.body()).contains("did not ask for").doesNotContain("expired");
	}

	@Test
	void consentWhenCsrfTokenMissingOrWrongThenRefused() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		Map<String, String> fields = AuthorizationCodeFlow.hiddenFields(page.body(), "approve");
		fields.put("scope", "tasks:read");
		fields.remove("_csrf");
		HttpResponse<String> missing = this.flow.browser().postForm(BASE_URL + "/oauth2/authorize", fields);
		fields.put("_csrf", "forged");
		HttpResponse<String> forged = this.flow.browser().postForm(BASE_URL + "/oauth2/authorize", fields);
		for (HttpResponse<String> refused : List.of(missing, forged)) {
			assertThat(refused.statusCode()).isEqualTo(403);
			// the person is still signed in: nothing expired
			assertThat(refused.body()).contains("This page is out of date", "nothing was approved")
				.doesNotContain("expired");
			// the application waits for this person's request: the way back tells it
			assertThat(Jsoup.parse(refused.body()).select("a:contains(Go back to)").attr("href"))
				.startsWith(REDIRECT + "?error=access_denied");
		}
		// a client_id not the pending request's: no way back is offered
		fields.put("client_id", publicClient());
		HttpResponse<String> otherClient = this.flow.browser().postForm(BASE_URL + "/oauth2/authorize", fields);
		assertThat(otherClient.statusCode()).isEqualTo(403);
		assertThat(otherClient.body()).doesNotContain("Go back to");
	}

	@Test
	void consentWhenSessionExpiredThenPageSaysStartAgainFromTheApp() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		// what expiry (or a restart of an in-memory auth server) leaves: the browser's
		// session is gone
		deleteKeys(REDIS_PREFIX + "session:");
		HttpResponse<String> submitted = this.flow.approve(page.body(), "tasks:read");
		assertThat(submitted.statusCode()).isEqualTo(403);
		assertThat(submitted.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(submitted.body()).contains("Your sign-in expired", "start again from", "Go back to")
			.doesNotContain("\"error\"");
		// the application still waits: the link answers it, as a cancelled sign-in does
		String back = Jsoup.parse(submitted.body()).select("a:contains(Go back to)").attr("href");
		assertThat(back).startsWith(REDIRECT + "?");
		assertThat(Browser.query(back)).containsEntry("error", "access_denied")
			.containsKey("state")
			.containsEntry("iss", BASE_URL);
	}

	@Test
	void consentWhenPostedFromAnotherSiteThenNothingApprovedAndSaidSoNotThatTheSignInExpired() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		Map<String, String> form = new java.util.LinkedHashMap<>(
				AuthorizationCodeFlow.hiddenFields(page.body(), "approve"));
		form.put("scope", "tasks:read");
		// another site's form: the browser sends it without the session's Lax cookie
		HttpResponse<String> posted = new Browser().postForm(BASE_URL + "/oauth2/authorize", form, "Sec-Fetch-Site",
				"cross-site", "Accept", Browser.HTML);
		assertThat(posted.statusCode()).isEqualTo(403);
		assertThat(posted.body()).contains("Nothing was approved", "sent from another site")
			.doesNotContain("sign-in expired", "Go back to");
		// the person's own consent page still works
		assertThat(AuthorizationCodeFlow.query(this.flow.approve(page.body(), "tasks:read"))).containsKey("code");
	}

	@Test
	void consentWhenPageFetchedTwiceThenFirstFormStillWorks() {
		String clientId = publicClient();
		HttpResponse<String> toConsent = this.flow.authorizeSignedIn(request(clientId, REDIRECT, "tasks:read"), "dave");
		HttpResponse<String> first = this.flow.consentPage(toConsent);
		HttpResponse<String> prefetch = this.flow.consentPage(toConsent);
		assertThat(prefetch.statusCode()).isEqualTo(200);
		HttpResponse<String> approved = this.flow.approve(first.body(), "tasks:read");
		assertThat(AuthorizationCodeFlow.query(approved)).containsKey("code");
	}

	@Test
	void consentWhenClientIdAndStateEmptyThenErrorPageNotServerError() {
		consentPage(publicClient(), REDIRECT, "tasks:read");
		HttpResponse<String> response = this.flow.browser()
			.get(BASE_URL + "/consent?client_id=&state=", "Accept", Browser.HTML);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_request",
				"already answered, has expired or belongs to someone else");
	}

	@Test
	void consentWhenSignedOutThenPageSaysStartAgainFromTheAppNotASignInEndingElsewhere() {
		// reloaded after its session ended: the request it answered is gone with it
		HttpResponse<String> response = new Browser().get(BASE_URL + "/consent?client_id=x&state=y", "Accept",
				Browser.HTML);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(response.body()).contains("Your sign-in expired", "start again from your application");
	}

	@Test
	void rememberedConsentWhenSameClientRedirectAndSmallerScopeThenNoConsentPage() {
		String clientId = webClient();
		approve(clientId, WEB_REDIRECT, "tasks:read plan:read");
		HttpResponse<String> again = this.flow.authorizeSignedIn(request(clientId, WEB_REDIRECT, "tasks:read"),
				"carol");
		assertThat(AuthorizationCodeFlow.query(again)).containsKey("code").containsEntry("iss", ISSUER);
	}

	@Test
	void rememberedConsentWhenPublicClientReturnsToLoopbackThenConsentPageEveryTime() {
		// any program on the computer could send this client id with a port of its own
		String clientId = publicClient();
		approve(clientId, REDIRECT, "tasks:read plan:read");
		for (String redirect : List.of(REDIRECT, REDIRECT.replace(":6276/", ":7000/"))) {
			HttpResponse<String> again = this.flow.authorizeSignedIn(request(clientId, redirect, "tasks:read"), "erin");
			assertThat(again.headers().firstValue("Location").orElseThrow()).as(redirect).contains("/consent");
		}
	}

	@Test
	void rememberedConsentWhenPublicClientReturnsToAnAppSchemeThenConsentPageAgain() {
		// any app may claim a scheme
		String cursor = "cursor://anysphere.cursor-mcp/oauth/callback";
		String clientId = (String) this.registration.registerPublic(cursor).get("client_id");
		approve(clientId, cursor, "tasks:read");
		HttpResponse<String> again = this.flow.authorizeSignedIn(request(clientId, cursor, "tasks:read"), "erin");
		assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/consent");
	}

	@Test
	void consentPageWhenTheRedirectIsAnAppSchemeThenItSaysAProgramOnThisComputerNotAWebsite() {
		// claude.ai://callback is no address of claude.ai: any program may claim the
		// scheme
		String appScheme = "claude.ai://callback";
		String clientId = (String) this.registration.registerPublic(appScheme).get("client_id");
		assertThat(consentPage(clientId, appScheme, "tasks:read").body())
			.contains("You will be sent back to <span>an app on this computer that opens claude.ai: links</span>")
			.doesNotContain("<strong>claude.ai");
	}

	@Test
	void consentPageWhenTheNameIsRightToLeftOrCopiesThePagesWordsThenItStandsIsolatedInQuotationMarks() {
		// its '!' stays at its end; the page's own "verified" line never reads as its
		for (String name : List.of("\u05e9\u05dc\u05d5\u05dd!",
				"Claude \u2713 claude.ai \u2014 verified by its address. Anthropic")) {
			HttpResponse<String> registered = this.registration.register(Json.write(Map.of("redirect_uris",
					List.of(REDIRECT), "token_endpoint_auth_method", "none", "client_name", name)));
			String clientId = (String) Json.parse(registered.body()).get("client_id");
			Document page = Jsoup.parse(consentPage(clientId, REDIRECT, "tasks:read").body());
			assertThat(page.selectFirst("h1 > bdi")).as(name).isNotNull().extracting(Element::text).isEqualTo(name);
			assertThat(page.selectFirst("h1").text())
				.isEqualTo("\u201c" + name + "\u201d wants to use your Deferno account");
			assertThat(page.title()).startsWith("Allow \u201c" + name + "\u201d to use");
		}
	}

	@Test
	void consentPageWhenEnterIsPressedInAScopeBoxThenNothingIsSubmittedOnlyApproveApproves() {
		// a form's default button is its first submit button: Enter in a box presses it
		// (HTML's implicit submission), and a dialog's submission outside a dialog sends
		// nothing
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		Element approve = Jsoup.parse(page.body()).getElementById("approve");
		Element defaultButton = approve.selectFirst("button:not([type=button]), input[type=submit], input[type=image]");
		assertThat(defaultButton.attr("formmethod")).as(defaultButton.outerHtml()).isEqualTo("dialog");
		assertThat(defaultButton.hasAttr("hidden")).isTrue();
		assertThat(approve.select("button:not([hidden])")).extracting(Element::text).containsExactly("Approve");
		// the Approve button itself still approves
		HtmlForm form = HtmlForm.withButton(Jsoup.parse(page.body(), BASE_URL), Pattern.compile("^Approve$"))
			.orElseThrow();
		Map<String, String> fields = new LinkedHashMap<>();
		form.fields().forEach((field) -> fields.put(field.getKey(), field.getValue()));
		HttpResponse<String> approved = this.flow.browser()
			.postForm(form.action().toString(), fields, "Accept", Browser.HTML);
		assertThat(AuthorizationCodeFlow.query(approved)).containsKey("code");
	}

	@Test
	void consentPageSaysHowLongTheRequestStaysOpenAndWhichLinksOpenANewTab() {
		Document page = Jsoup.parse(consentPage(publicClient(), REDIRECT, "tasks:read").body());
		assertThat(page.text()).contains("This request stays open for 10 minutes");
		assertThat(page.select("a[target=_blank]")).isNotEmpty()
			.allSatisfy((link) -> assertThat(link.text()).endsWith("(opens in a new tab)"));
	}

	@Test
	void consentPageWhenTheClientGaveNoNameThenItSaysSoNotThatTheNameWasItsOwnChoice() {
		HttpResponse<String> registered = this.registration
			.register(Json.write(Map.of("redirect_uris", List.of(REDIRECT), "token_endpoint_auth_method", "none")));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = (String) Json.parse(registered.body()).get("client_id");
		assertThat(consentPage(clientId, REDIRECT, "tasks:read").body())
			.contains("Unnamed application", "The application gave no name")
			.doesNotContain("chose this name");
	}

	@Test
	void consentPageWhenANameStoredEarlierHoldsACharacterRegistrationNowRefusesThenItShowsNoName() {
		// registered before the grapheme joiner was refused: it reads "Claude"
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		RegisteredClient stored = this.clients.findByClientId(clientId);
		this.clients.save(RegisteredClient.from(stored).clientName("Claude\u034f").build());
		assertThat(consentPage(clientId, REDIRECT, "tasks:read").body())
			.contains("Unnamed application", "The application gave no name")
			.doesNotContain("Claude");
	}

	@Test
	void consentPageWhenTheNameMixesScriptsInAWordThenItWarnsAndOtherwiseNot() {
		// Cyrillic С, а and е: reads as "Claude"
		HttpResponse<String> lookalike = this.registration.register(Json.write(Map.of("redirect_uris",
				List.of(REDIRECT), "token_endpoint_auth_method", "none", "client_name", "\u0421l\u0430ud\u0435")));
		assertThat(lookalike.statusCode()).as(lookalike.body()).isEqualTo(201);
		assertThat(consentPage((String) Json.parse(lookalike.body()).get("client_id"), REDIRECT, "tasks:read").body())
			.contains("mixes letters of different alphabets");
		assertThat(consentPage(publicClient(), REDIRECT, "tasks:read").body())
			.doesNotContain("mixes letters of different alphabets");
	}

	@Test
	void rememberedConsentWhenConfidentialClientReturnsToLoopbackThenNoConsentPageOnAnyPort() {
		// a code is worth nothing without the client's secret
		String clientId = (String) com.defernowork.gateway.auth.support.Json
			.parse(this.registration
				.register("{\"redirect_uris\":[\"" + REDIRECT
						+ "\"],\"token_endpoint_auth_method\":\"client_secret_basic\",\"client_name\":\"Desktop\"}")
				.body())
			.get("client_id");
		approve(clientId, REDIRECT, "tasks:read plan:read");
		String otherPort = REDIRECT.replace(":6276/", ":7000/");
		HttpResponse<String> onOtherPort = this.flow.authorizeSignedIn(request(clientId, otherPort, "plan:read"),
				"erin");
		assertThat(onOtherPort.headers().firstValue("Location").orElseThrow()).startsWith(otherPort + "?code=");
	}

	@Test
	void rememberedConsentWhenLargerScopeThenConsentPageAgain() {
		String clientId = webClient();
		approve(clientId, WEB_REDIRECT, "tasks:read");
		HttpResponse<String> again = this.flow
			.authorizeSignedIn(request(clientId, WEB_REDIRECT, "tasks:read tasks:write"), "carol");
		assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/consent");
	}

	@Test
	void rememberedConsentWhenOtherRedirectUriThenConsentPageAgain() {
		Map<String, Object> client = this.registration.register("{\"redirect_uris\":[\"" + WEB_REDIRECT
				+ "\",\"https://app.example/other\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Web\"}")
			.body()
			.transform(com.defernowork.gateway.auth.support.Json::parse);
		String clientId = (String) client.get("client_id");
		approve(clientId, WEB_REDIRECT, "tasks:read");
		HttpResponse<String> again = this.flow
			.authorizeSignedIn(request(clientId, "https://app.example/other", "tasks:read"), "carol");
		assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/consent");
	}

	@Test
	void rememberedConsentWhenOtherUserThenConsentPageAgain() {
		String clientId = webClient();
		approve(clientId, WEB_REDIRECT, "tasks:read");
		AuthorizationCodeFlow otherBrowser = new AuthorizationCodeFlow(BASE_URL);
		HttpResponse<String> again = otherBrowser.authorizeSignedIn(request(clientId, WEB_REDIRECT, "tasks:read"),
				"frank");
		assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/consent");
	}

	@Test
	void consentWhenNotThePersonSignedInThenSignedOutAndTheRequestAskedOfWhoeverSignsInNext() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		assertThat(page.body()).contains("Not erin? Sign in as someone else");
		// below the answer: a page's first form is Approve, for people and scripts alike
		assertThat(Jsoup.parse(page.body()).select("form").first().id()).isEqualTo("approve");
		Browser browser = this.flow.browser();
		HttpResponse<String> switched = browser.postForm(BASE_URL + "/logout",
				AuthorizationCodeFlow.hiddenFields(page.body(), "switch-account"), "Accept", Browser.HTML);
		assertThat(switched.statusCode()).isEqualTo(302);
		String again = Browser.location(switched);
		assertThat(again).startsWith(BASE_URL + "/oauth2/authorize?")
			.contains("client_id=" + clientId, "state=consent-state");

		// erin is signed out: the same request now asks whoever signs in
		HttpResponse<String> toSignIn = browser.get(again, "Accept", Browser.HTML);
		assertThat(toSignIn.statusCode()).isEqualTo(302);
		assertThat(Browser.location(toSignIn)).doesNotContain("/consent");
		HttpResponse<String> signedIn = this.flow.signIn("frank");
		HttpResponse<String> toConsent = browser
			.get(URI.create(BASE_URL).resolve(Browser.location(signedIn)).toString(), "Accept", Browser.HTML);
		HttpResponse<String> franks = this.flow.consentPage(toConsent);
		assertThat(franks.body()).contains("Signed in to Deferno as <strong>frank</strong>").doesNotContain("erin");
		assertThat(AuthorizationCodeFlow.query(this.flow.approve(franks.body(), "tasks:read"))).containsKey("code");
	}

	@Test
	void consentWhenSomeoneElsesFormIsOutdatedThenAskedAgainAndStillBackToTheRequest() {
		String clientId = publicClient();
		HttpResponse<String> page = consentPage(clientId, REDIRECT, "tasks:read");
		Map<String, String> outdated = AuthorizationCodeFlow.hiddenFields(page.body(), "switch-account");
		outdated.put("_csrf", "from-an-earlier-sign-in");
		Browser browser = this.flow.browser();

		HttpResponse<String> askedAgain = browser.postForm(BASE_URL + "/logout", outdated, "Accept", Browser.HTML);
		assertThat(askedAgain.statusCode()).isEqualTo(403);
		Map<String, String> confirm = AuthorizationCodeFlow.hiddenFields(askedAgain.body(), "sign-out");
		assertThat(confirm).containsEntry("state", outdated.get("state"));

		HttpResponse<String> switched = browser.postForm(BASE_URL + "/logout", confirm, "Accept", Browser.HTML);
		assertThat(Browser.location(switched)).startsWith(BASE_URL + "/oauth2/authorize?")
			.contains("client_id=" + clientId, "state=consent-state");
	}

	@Test
	void signOutWhenTheStateIsAnotherPersonsPendingRequestThenTheSignedOutPageAndTheirRequestStands() {
		String clientId = publicClient();
		HttpResponse<String> erins = consentPage(clientId, REDIRECT, "tasks:read");
		AuthorizationCodeFlow otherBrowser = new AuthorizationCodeFlow(BASE_URL);
		HttpResponse<String> franks = otherBrowser
			.consentPage(otherBrowser.authorizeSignedIn(request(clientId, REDIRECT, "tasks:read"), "frank"));
		Map<String, String> fields = AuthorizationCodeFlow.hiddenFields(franks.body(), "switch-account");
		fields.put("state", AuthorizationCodeFlow.hiddenFields(erins.body(), "approve").get("state"));

		HttpResponse<String> signedOut = otherBrowser.browser()
			.postForm(BASE_URL + "/logout", fields, "Accept", Browser.HTML);

		assertThat(Browser.location(signedOut)).endsWith("/signed-out");
		assertThat(AuthorizationCodeFlow.query(this.flow.approve(erins.body(), "tasks:read"))).containsKey("code");
	}

	@Test
	void consentWhenApproveAndDenyArePostedAtOnceThenTheDenyNeverCarriesTheApprovalsCode() throws Exception {
		// the browser follows the later click's answer: a Deny after Approve must not
		// send the app the approval's code
		for (int round = 0; round < 4; round++) {
			String page = consentPage(publicClient(), REDIRECT, "tasks:read").body();
			HttpResponse<String> deny;
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				Future<HttpResponse<String>> approved = threads.submit(() -> this.flow.approve(page, "tasks:read"));
				Future<HttpResponse<String>> denied = threads.submit(() -> this.flow.deny(page));
				approved.get();
				deny = denied.get();
			}
			assertThat(String.valueOf(Browser.location(deny))).doesNotContain("code=");
		}
	}

	@Test
	void consentWhenApprovedAgainWithAScopeUntickedThenTheGrantItsTokensAndTheAuditLackIt(CapturedOutput output) {
		// a public client on a loopback redirect is asked every time: the second page
		// comes while the first approval of every scope is still stored
		String clientId = publicClient();
		assertThat(scopes(redeem(clientId, REDIRECT, ALL_SCOPES, null, ALL_SCOPES.split(" "))))
			.containsExactlyInAnyOrder(ALL_SCOPES.split(" "));
		Map<String, Object> tokens = redeem(clientId, REDIRECT, ALL_SCOPES, null, "plan:read", "plan:write",
				"tasks:read", "profile:read");
		assertThat(scopes(tokens)).containsExactlyInAnyOrder("plan:read", "plan:write", "tasks:read", "profile:read");
		Map<String, Object> introspected = Json
			.parse(this.flow.introspect((String) tokens.get("access_token"), RS_CLIENT_ID, RS_CLIENT_SECRET).body());
		assertThat(((String) introspected.get("scope")).split(" ")).doesNotContain("tasks:write");
		// nor can the client have it back without asking the person
		HttpResponse<String> wider = this.flow.token(Map.of("grant_type", "refresh_token", "refresh_token",
				(String) tokens.get("refresh_token"), "client_id", clientId, "scope", "tasks:read tasks:write"));
		assertThat(wider.statusCode()).as(wider.body()).isEqualTo(400);
		assertThat(Json.parse(wider.body())).containsEntry("error", "invalid_scope");
		String granted = "\"client\":\"" + clientId + "\",\"scope\":\"plan:read plan:write profile:read tasks:read\"}";
		String issued = "\"client\":\"" + clientId
				+ "\",\"grant_type\":\"authorization_code\",\"scope\":\"plan:read plan:write profile:read tasks:read\"}";
		assertThat(output.getAll()).contains("\"event\":\"consent.granted\"", granted, issued);
	}

	@Test
	void consentWhenAskedAgainByPromptAndAScopeIsUntickedThenTheGrantLacksItAndTheStoredApprovalToo() {
		String clientId = webClient();
		approve(clientId, WEB_REDIRECT, "tasks:read tasks:write");
		Map<String, Object> tokens = redeem(clientId, WEB_REDIRECT, "tasks:read tasks:write", "consent", "tasks:read");
		assertThat(scopes(tokens)).containsExactly("tasks:read");
		// what is remembered is this approval: the write scope needs the page again
		assertThat(Browser
			.location(this.flow.authorizeSignedIn(request(clientId, WEB_REDIRECT, "tasks:read tasks:write"), "carol")))
			.contains("/consent");
		assertThat(AuthorizationCodeFlow
			.query(this.flow.authorizeSignedIn(request(clientId, WEB_REDIRECT, "tasks:read"), "carol")))
			.containsKey("code");
	}

	@Test
	void consentWhenInAnotherBrowserAScopeOfTheStoredApprovalIsUntickedThenItIsNotGranted() {
		String clientId = publicClient();
		approve(clientId, REDIRECT, "tasks:read profile:read");
		AuthorizationCodeFlow otherBrowser = new AuthorizationCodeFlow(BASE_URL);
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "consent-state");
		request.put("scope", "tasks:read profile:read");
		HttpResponse<String> page = otherBrowser.consentPage(otherBrowser.authorizeSignedIn(request, "erin"));
		String code = AuthorizationCodeFlow.query(otherBrowser.approve(page.body(), "tasks:read")).get("code");
		HttpResponse<String> tokens = otherBrowser.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		assertThat(scopes(Json.parse(tokens.body()))).containsExactly("tasks:read");
	}

	@Test
	void consentWhenDeniedAfterAnApprovalThenTheApprovalIsForgotten() {
		String clientId = webClient();
		approve(clientId, WEB_REDIRECT, "tasks:read");
		Map<String, String> asked = request(clientId, WEB_REDIRECT, "tasks:read");
		asked.put("prompt", "consent");
		HttpResponse<String> page = this.flow.consentPage(this.flow.authorizeSignedIn(asked, "carol"));
		assertThat(AuthorizationCodeFlow.query(this.flow.deny(page.body()))).containsEntry("error", "access_denied");
		assertThat(
				Browser.location(this.flow.authorizeSignedIn(request(clientId, WEB_REDIRECT, "tasks:read"), "carol")))
			.contains("/consent");
	}

	/**
	 * Authorizes (with {@code prompt} unless null), approves the page with
	 * {@code ticked}, redeems the code: the token response.
	 */
	private Map<String, Object> redeem(String clientId, String redirect, String scope, String prompt,
			String... ticked) {
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, redirect, pkce, "consent-state");
		request.put("scope", scope);
		if (prompt != null) {
			request.put("prompt", prompt);
		}
		HttpResponse<String> toConsent = this.flow.authorizeSignedIn(request,
				(redirect.startsWith("https")) ? "carol" : "erin");
		assertThat(Browser.location(toConsent)).contains("/consent");
		HttpResponse<String> approved = this.flow.approve(this.flow.consentPage(toConsent).body(), ticked);
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId,
				AuthorizationCodeFlow.query(approved).get("code"), pkce, redirect, RESOURCE);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return Json.parse(tokens.body());
	}

	private static List<String> scopes(Map<String, Object> tokens) {
		return List.of(((String) tokens.get("scope")).split(" "));
	}

	private void approve(String clientId, String redirect, String scope) {
		HttpResponse<String> page = consentPage(clientId, redirect, scope);
		HttpResponse<String> approved = this.flow.approve(page.body(), scope.split(" "));
		assertThat(AuthorizationCodeFlow.query(approved)).containsKey("code");
	}

	/** The consent page of a request for tasks:read, as erin. */
	private String readingConsentPage(String clientId, Pkce pkce, String state) {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, state);
		request.put("scope", "tasks:read");
		return this.flow.consentPage(this.flow.authorizeSignedIn(request, "erin")).body();
	}

	private HttpResponse<String> consentPage(String clientId, String redirect, String scope) {
		HttpResponse<String> toConsent = this.flow.authorizeSignedIn(request(clientId, redirect, scope),
				(redirect.startsWith("https")) ? "carol" : "erin");
		assertThat(toConsent.headers().firstValue("Location").orElseThrow()).contains("/consent");
		return this.flow.consentPage(toConsent);
	}

	private static Map<String, String> request(String clientId, String redirect, String scope) {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "consent-state");
		request.put("scope", scope);
		return request;
	}

	private String publicClient() {
		return (String) this.registration.registerPublic(REDIRECT).get("client_id");
	}

	private String webClient() {
		return (String) com.defernowork.gateway.auth.support.Json.parse(this.registration
			.register("{\"redirect_uris\":[\"" + WEB_REDIRECT
					+ "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"Web App (beta)\",\"client_uri\":\"https://app.example\"}")
			.body()).get("client_id");
	}

}
