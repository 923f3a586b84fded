package com.defernowork.gateway.auth.authorize;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization endpoint's rules: redirect matching, PKCE, resource and scope
 * handling, iss.
 */
class AuthorizationEndpointIT extends AuthServerTestBase {

	private static final String LOOPBACK = "http://127.0.0.1:6276/oauth/callback";

	@Test
	void authorizeWhenLoopbackRedirectOnAnotherPortThenCodeSentThere() {
		for (String registered : List.of(LOOPBACK, "http://localhost:33418/callback", "http://[::1]:8000/cb")) {
			String clientId = clientId(registered);
			String onOtherPort = registered.replaceFirst(":(\\d+)/", ":51234/");
			Map<String, String> request = AuthorizationCodeFlow.request(clientId, onOtherPort, Pkce.s256(), "s");
			HttpResponse<String> consent = this.flow.consentPage(this.flow.authorizeSignedIn(request, "alice"));
			HttpResponse<String> redirect = this.flow.approve(consent.body(),
					AuthorizationCodeFlow.requestedScopes(consent.body()));
			assertThat(Browser.location(redirect)).as(registered).startsWith(onOtherPort + "?");
			assertThat(AuthorizationCodeFlow.query(redirect).get("code")).as(registered).isNotBlank();
		}
	}

	@Test
	void authorizeWhenNativeAppPrivateUseSchemeThenCodeSentToTheAppAndRedeemable() {
		String cursor = "cursor://anysphere.cursor-mcp/oauth/callback";
		String clientId = clientId(cursor);
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, cursor, pkce, "s"), "alice");
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, code, pkce, cursor, null);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
	}

	@Test
	void authorizeWhenStateIsStandardBase64ThenTheCodeAndAnErrorCarryItAsItCame() {
		String state = "a+b/c==";
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), state);
		assertThat(this.flow.callback(request, "alice")).containsKey("code").containsEntry("state", state);
		request.put("code_challenge_method", "plain");
		assertThat(AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request))))
			.containsEntry("error", "invalid_request")
			.containsEntry("state", state);
	}

	@Test
	void authorizeWhenNonLoopbackRedirectOnAnotherPortThenErrorPageNotRedirect() {
		String clientId = clientId("https://app.example/cb");
		HttpResponse<String> response = this.flow
			.authorize(AuthorizationCodeFlow.request(clientId, "https://app.example:8443/cb", Pkce.s256(), "s"));
		assertErrorPage(response);
	}

	@Test
	void authorizeWhenRedirectUriUnregisteredThenErrorPageNotRedirect() {
		String clientId = clientId(LOOPBACK);
		HttpResponse<String> response = this.flow
			.authorize(AuthorizationCodeFlow.request(clientId, "https://attacker.example/cb", Pkce.s256(), "s"));
		assertErrorPage(response);
		assertThat(response.body()).contains("redirect_uri");
	}

	@Test
	void authorizeWhenRedirectUriLeftOutAndTheClientHasSeveralThenErrorPageSayingItIsRequired() {
		Map<String, Object> client = Json.parse(
				this.registration
					.register("{\"redirect_uris\":[\"" + LOOPBACK
							+ "\",\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"none\"}")
					.body());
		Map<String, String> request = new LinkedHashMap<>(
				AuthorizationCodeFlow.request((String) client.get("client_id"), LOOPBACK, Pkce.s256(), "s"));
		request.remove("redirect_uri");

		HttpResponse<String> response = this.flow.authorize(request);

		assertErrorPage(response);
		assertThat(response.body()).contains("redirect_uri is required: this client did not register exactly one");
	}

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenThePageSaysItPlainlyAndTheDetailIsBesideTheErrorCode() {
		HttpResponse<String> response = this.flow
			.authorize(AuthorizationCodeFlow.request(clientId(LOOPBACK), "https://evil.example/cb", Pkce.s256(), "s"));
		assertErrorPage(response);
		Document page = Jsoup.parse(response.body());
		assertThat(page.selectFirst("h1 + p").text())
			.isEqualTo("The application asked to be sent back to an address it did not register, so the gateway "
					+ "cannot send you back to it. Nothing was approved.");
		// for whoever develops the application
		assertThat(page.selectFirst("p.meta").text()).isEqualTo("Error code: invalid_request (redirect_uri is not "
				+ "registered for this client (RFC 8252 loopback redirects may vary the port))");
	}

	@Test
	void authorizeWhenClientUnknownThenErrorPageNotRedirect() {
		HttpResponse<String> response = this.flow
			.authorize(AuthorizationCodeFlow.request("no-such-client", LOOPBACK, Pkce.s256(), "s"));
		assertErrorPage(response);
		assertThat(response.body()).contains("not registered with this server")
			.contains("clear this server&#39;s saved sign-in");
	}

	@Test
	void authorizeWhenPlainPkceThenInvalidRequestRedirectWithIss() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s1");
		request.put("code_challenge_method", "plain");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_request")
			.containsEntry("state", "s1")
			.containsEntry("iss", ISSUER);
		// not the framework's "OAuth 2.0 Parameter: code_challenge_method"
		assertThat(callback.get("error_description")).contains("must be S256").matches(ERROR_DESCRIPTION_CHARACTERS);
	}

	@Test
	void authorizeWhenNoCodeChallengeThenInvalidRequestRedirect() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s1");
		request.remove("code_challenge");
		request.remove("code_challenge_method");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_request").containsEntry("iss", ISSUER);
		assertThat(callback.get("error_description")).contains("code_challenge is missing", "requires PKCE");
	}

	@Test
	void authorizeWhenResourceUnknownThenInvalidTargetRedirectWithIss() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s2");
		request.put("resource", "https://attacker.example/mcp");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_target")
			.containsEntry("state", "s2")
			.containsEntry("iss", ISSUER);
		assertThat(callback.get("error_description")).contains("attacker.example");
	}

	@Test
	void authorizeWhenUnknownResourceHoldsQuotesBackslashesOrNonAsciiThenTheDescriptionQuotesItInAllowedCharacters() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s3");
		request.put("resource", "https://attacker.example/a\"b\\c/\u00e9");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_target").containsEntry("state", "s3");
		assertThat(callback.get("error_description")).contains("https://attacker.example/a?b?c/?")
			.matches(ERROR_DESCRIPTION_CHARACTERS);
	}

	@Test
	void authorizeWhenCodeChallengeMalformedThenInvalidRequestRedirectNotACodeThatCannotBeRedeemed() {
		// a verifier's length and characters, but no S256 digest: 128 characters, '~'
		for (String challenge : List.of("abc", "a".repeat(42), "a".repeat(129), "a".repeat(42) + "+", "a".repeat(128),
				"a".repeat(42) + "~")) {
			Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
					"s6");
			request.put("code_challenge", challenge);
			Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
			assertThat(callback).as(challenge).containsEntry("error", "invalid_request").containsEntry("state", "s6");
			assertThat(callback.get("error_description")).as(challenge)
				.contains("code_challenge")
				.matches(ERROR_DESCRIPTION_CHARACTERS);
		}
	}

	@Test
	void authorizeWhenParameterNameOversizedAndNotAsciiThenTheDescriptionStaysInRfc6749sCharacters() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s");
		request.put("p\u00e4ram\"\\", "x".repeat(ParameterLimits.MAX_VALUE_LENGTH + 1));
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_request");
		assertThat(callback.get("error_description")).contains("'p?ram??'", "2048")
			.matches(ERROR_DESCRIPTION_CHARACTERS);
	}

	@Test
	void authorizeWhenResponseModeOtherThanQueryThenInvalidRequestRedirectNotACodeWhereTheClientDoesNotLook() {
		for (String mode : List.of("fragment", "form_post", "bogus")) {
			Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
					"s7");
			request.put("response_mode", mode);
			Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
			assertThat(callback).as(mode).containsEntry("error", "invalid_request").containsEntry("state", "s7");
			assertThat(callback.get("error_description")).as(mode)
				.contains("Only response_mode=query is supported")
				.doesNotContain(mode);
		}
		Map<String, String> repeated = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s9");
		String twice = BASE_URL + "/oauth2/authorize?" + Browser.form(repeated)
				+ "&response_mode=query&response_mode=form_post";
		assertThat(AuthorizationCodeFlow.query(redirectToClient(new Browser().get(twice, "Accept", Browser.HTML))))
			.containsEntry("error", "invalid_request");
		Map<String, String> query = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s8");
		query.put("response_mode", "query");
		assertThat(this.flow.code(query, "alice")).isNotBlank();
	}

	@Test
	void authorizeWhenRequestObjectThenRequestNotSupportedRedirectNotIgnored() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s4");
		request.put("request", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6InRhc2tzOnJlYWQifQ.");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "request_not_supported")
			.containsEntry("state", "s4")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void authorizeWhenRequestUriThenErrorPageNotAServerError() {
		for (String requestUri : List.of("___" + "0".repeat(31), "urn:ietf:params:oauth:request_uri:x")) {
			Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
					"s5");
			request.put("request_uri", requestUri);
			HttpResponse<String> response = this.flow.authorize(request);
			assertErrorPage(response);
			assertThat(response.body()).as(requestUri).contains("request_uri is not supported");
		}
	}

	@Test
	void authorizeWhenScopeUnknownThenInvalidScopeRedirect() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s3");
		request.put("scope", "tasks:read admin");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_scope").containsEntry("iss", ISSUER);
		assertThat(callback.get("error_description")).contains("scope names admin, which this server does not offer",
				"this server offers " + String.join(" ", Scopes.all()));
		// offline_access is taken (and dropped): not named as unknown
		request.put("scope", "offline_access admin");
		assertThat(AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request))).get("error_description"))
			.contains("scope names admin, which")
			.doesNotContain("offline_access");
	}

	@Test
	void authorizeWhenScopeHasTwoSpacesThenTheDescriptionSaysSoNotThatAScopeIsUnknown() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s3");
		request.put("scope", "tasks:read  profile:read");
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(this.flow.authorize(request)));
		assertThat(callback).containsEntry("error", "invalid_scope");
		assertThat(callback.get("error_description")).contains("separated by single spaces")
			.doesNotContain("does not offer");
	}

	@Test
	void tokenWhenScopeAsksForOfflineAccessThenItIsDroppedAndTheRestGrantedWithARefreshToken() {
		Map<String, Object> tokens = tokens(null, "tasks:read offline_access");
		assertThat(tokens).containsEntry("scope", "tasks:read").containsKey("refresh_token");
		assertThat(introspect(tokens)).containsEntry("scope", "tasks:read");
		// a client that sends its scope again at refresh: dropped there too
		Map<String, String> refresh = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token",
				(String) tokens.get("refresh_token"), "client_id", (String) introspect(tokens).get("client_id"),
				"scope", "tasks:read offline_access"));
		HttpResponse<String> refreshed = this.flow.browser().postForm(BASE_URL + "/oauth2/token", refresh);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(Json.parse(refreshed.body())).containsEntry("scope", "tasks:read");
		// alone, it asks for nothing of this server's: as if scope were left out
		Map<String, Object> alone = tokens(null, "offline_access");
		assertThat(((String) alone.get("scope")).split(" ")).containsExactlyInAnyOrderElementsOf(Scopes.all());
	}

	@Test
	void authorizeWhenErrorBeforeInteractionAndWebRedirectThenPageWithLinkNotRedirect() {
		// anyone can register https://attacker.example/cb: an automatic error redirect
		// would be an open redirector
		String web = "https://attacker.example/cb";
		for (Map.Entry<String, String> fault : Map.of("scope", "tasks:read admin", "code_challenge_method", "plain")
			.entrySet()) {
			Map<String, String> request = AuthorizationCodeFlow.request(clientId(web), web, Pkce.s256(), "s4");
			request.put(fault.getKey(), fault.getValue());
			HttpResponse<String> response = this.flow.authorize(request);
			assertErrorPage(response);
			assertThat(response.body()).as(fault.getKey())
				.contains("Go back to <span>attacker.example</span>")
				.contains("href=\"https://attacker.example/cb?error=invalid_")
				.contains("state=s4");
		}
	}

	@ParameterizedTest
	@CsvSource({ "resource, a service this gateway does not serve, invalid_target",
			"scope, permissions it may not have here (scope), invalid_scope" })
	void authorizeWhenAParameterCarriesWordsOfTheLinksAuthorThenThePageDoesNotShowThem(String parameter,
			String pageSays, String error) {
		// anyone can register a web client and make a link that opens this page on the
		// gateway's own address
		String web = "https://attacker.example/cb";
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(web), web, Pkce.s256(), "s5");
		request.put(parameter, "Your Deferno account is locked. Call 555-0100 to unlock it");
		HttpResponse<String> response = this.flow.authorize(request);
		assertErrorPage(response);
		assertThat(response.body()).contains(pageSays)
			.doesNotContain("Your Deferno account is locked")
			.contains("href=\"https://attacker.example/cb?error=" + error);
	}

	@Test
	void authorizeWhenErrorBeforeInteractionAndAppSchemeThenPageWithLinkNotRedirect() {
		// an app scheme may open a browser at any URL it carries (x-safari-https://…):
		// not sent there on its own
		String appScheme = "x-safari-https://attacker.example/cb";
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(appScheme), appScheme, Pkce.s256(), "s5");
		request.put("scope", "tasks:read admin");
		HttpResponse<String> response = this.flow.authorize(request);
		assertErrorPage(response);
		assertThat(response.body()).contains("href=\"x-safari-https://attacker.example/cb?error=invalid_scope");
	}

	@Test
	void authorizeWhenPostedWithItsParametersInTheQueryThenTheErrorSaysTheyBelongInTheFormBody() {
		String query = Browser.form(AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s8"));
		HttpResponse<String> response = new Browser().send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorize?" + query))
					.POST(HttpRequest.BodyPublishers.noBody()),
				"Content-Type", "application/x-www-form-urlencoded", "Accept", Browser.HTML);

		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(response));
		assertThat(callback).containsEntry("error", "invalid_request");
		// not "response_type is missing": it was sent, where a POST's parameters are not
		// read
		assertThat(callback.get("error_description")).contains("is in the query of a POST", "form body")
			.matches(ERROR_DESCRIPTION_CHARACTERS);
	}

	@Test
	void authorizeWhenPostedAsJsonOrWithoutABodyThenTheErrorPageSaysToSendAFormNotThatTheSignInExpired() {
		String json = "{\"client_id\":\"" + clientId(LOOPBACK) + "\",\"response_type\":\"code\"}";
		HttpResponse<String> asJson = new Browser().send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorize"))
					.POST(HttpRequest.BodyPublishers.ofString(json)),
				"Content-Type", "application/json; charset=utf-8", "Accept", Browser.HTML);
		assertErrorPage(asJson);
		assertThat(asJson.body())
			.contains("a POST of a form (Content-Type application/x-www-form-urlencoded): this "
					+ "one&#39;s is application/json.")
			.doesNotContain("expired");

		HttpResponse<String> empty = new Browser()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorize"))
				.POST(HttpRequest.BodyPublishers.noBody()), "Accept", Browser.HTML);
		assertErrorPage(empty);
		assertThat(empty.body()).contains("this one has none.");
	}

	@Test
	void authorizeWhenPostedWithAQueryThatMerelyNamesItsParametersThenTheFormBodyIsReadWhole() {
		// the framework took a form parameter for the query's, and left it unread, when
		// its name appeared anywhere in the query string: the code came without its state
		// and with every scope
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "st1");
		request.put("scope", "tasks:read");
		this.flow.signIn("alice");
		HttpResponse<String> consent = this.flow.consentPage(postAuthorize("?utm=state-scope", request));
		assertThat(AuthorizationCodeFlow.requestedScopes(consent.body())).containsExactly("tasks:read");
		Map<String, String> callback = AuthorizationCodeFlow
			.query(redirectToClient(this.flow.approve(consent.body(), "tasks:read")));
		assertThat(callback).containsEntry("state", "st1").containsKey("code");
	}

	@Test
	void authorizeWhenAParameterNameIsPercentEncodedThenItIsReadAsItsName() {
		// %73tate is state (RFC 3986 §6.2.2.2); the framework looked for the decoded name
		// in the raw query and left it unread: a code without its state, every scope
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), null);
		request.remove("state");
		String query = Browser.form(request) + "&%73tate=st4&%73cop%65=tasks%3Aread";
		this.flow.signIn("alice");
		HttpResponse<String> consent = this.flow
			.consentPage(this.flow.browser().get(BASE_URL + "/oauth2/authorize?" + query, "Accept", Browser.HTML));
		assertThat(AuthorizationCodeFlow.requestedScopes(consent.body())).containsExactly("tasks:read");
		Map<String, String> callback = AuthorizationCodeFlow
			.query(redirectToClient(this.flow.approve(consent.body(), "tasks:read")));
		assertThat(callback).containsEntry("state", "st4").containsKey("code");
	}

	@Test
	void authorizeWhenPostedWithARequestParameterInTheQueryToo_ThenInvalidRequestNotTheBodysValueTaken() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "st2");
		request.put("scope", "tasks:read");
		for (String query : List.of("?scope=plan:read", "?resource=" + Browser.encode(OTHER_RESOURCE))) {
			Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(postAuthorize(query, request)));
			assertThat(callback).as(query).containsEntry("error", "invalid_request").containsEntry("state", "st2");
			assertThat(callback.get("error_description")).as(query).contains("is in the query of a POST");
		}
	}

	private HttpResponse<String> postAuthorize(String query, Map<String, String> form) {
		return this.flow.browser()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/authorize" + query))
				.POST(HttpRequest.BodyPublishers.ofString(Browser.form(form))), "Content-Type",
					"application/x-www-form-urlencoded", "Accept", Browser.HTML);
	}

	@Test
	void authorizeWhenResponseTypeOrARepeatedParameterIsWrongThenErrorRedirectToTheRegisteredLoopbackClient() {
		// RFC 6749 §4.1.2.1: only a bad client or redirect URI keeps the error from the
		// client
		String clientId = clientId(LOOPBACK);
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, LOOPBACK, Pkce.s256(), "s7");
		request.remove("response_type");
		String base = Browser.form(request);
		Map<String, List<String>> faults = Map.of("&response_type=token",
				List.of("unsupported_response_type", "response_type must be code"), "",
				List.of("invalid_request", "response_type is missing"),
				"&response_type=code&scope=tasks:read&scope=plan:read",
				List.of("invalid_request", "The parameter scope is repeated"));
		faults.forEach((extra, error) -> {
			HttpResponse<String> response = new Browser().get(BASE_URL + "/oauth2/authorize?" + base + extra, "Accept",
					Browser.HTML);
			Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(response));
			assertThat(callback).as(extra)
				.containsEntry("error", error.get(0))
				.containsEntry("state", "s7")
				.containsEntry("iss", ISSUER);
			assertThat(callback.get("error_description")).as(extra).contains(error.get(1));
		});
		HttpResponse<String> stateTwice = new Browser()
			.get(BASE_URL + "/oauth2/authorize?" + base + "&response_type=code&state=other", "Accept", Browser.HTML);
		assertThat(AuthorizationCodeFlow.query(redirectToClient(stateTwice))).containsEntry("error", "invalid_request")
			.doesNotContainKey("state");
		HttpResponse<String> redirectTwice = new Browser().get(BASE_URL + "/oauth2/authorize?" + base
				+ "&response_type=token&redirect_uri=" + Browser.encode(LOOPBACK), "Accept", Browser.HTML);
		assertErrorPage(redirectTwice);
	}

	@Test
	void authorizeWhenClientIdOrRedirectUriRepeatedThenErrorPageNamingTheRepeatedParameter() {
		// RFC 6749 §3.1: sent more than once, neither establishes where to answer
		String clientId = clientId(LOOPBACK);
		String base = Browser.form(AuthorizationCodeFlow.request(clientId, LOOPBACK, Pkce.s256(), "s9"));
		Map<String, String> repeats = Map.of("client_id", "&client_id=" + clientId, "redirect_uri",
				"&redirect_uri=" + Browser.encode(LOOPBACK));
		repeats.forEach((parameter, extra) -> {
			HttpResponse<String> response = new Browser().get(BASE_URL + "/oauth2/authorize?" + base + extra, "Accept",
					Browser.HTML);
			assertErrorPage(response);
			assertThat(response.body()).as(parameter)
				.contains("invalid_request", "The parameter " + parameter + " is repeated")
				.doesNotContain("not registered", "did not register");
		});
	}

	@Test
	void authorizeWhenClientMayNotUseTheCodeFlowThenPageSaysSoNotThatItIsUnregistered() {
		HttpResponse<String> response = this.flow
			.authorize(AuthorizationCodeFlow.request(RS_CLIENT_ID, LOOPBACK, Pkce.s256(), "s8"));
		assertErrorPage(response);
		assertThat(response.body()).contains("unauthorized_client", "not for signing people in")
			.doesNotContain("not registered");
	}

	@Test
	void authorizeWhenClientWithoutRedirectUrisNamesNoneThenPageSaysItIsNotForSigningInNotAServerError() {
		// the resource server's client: client credentials and token exchange only
		Map<String, String> request = AuthorizationCodeFlow.request(RS_CLIENT_ID, LOOPBACK, Pkce.s256(), "s9");
		request.remove("redirect_uri");
		HttpResponse<String> response = this.flow.authorize(request);
		assertErrorPage(response);
		assertThat(response.body()).contains("unauthorized_client", "not for signing people in");
		HttpResponse<String> bare = this.flow.authorize(Map.of("response_type", "code", "client_id", RS_CLIENT_ID));
		assertErrorPage(bare);
		assertThat(bare.body()).contains("not for signing people in");
	}

	@Test
	void authorizeWhenRequestOrRequestUriSentEmptyThenAsIfOmitted() {
		for (String parameter : List.of("request", "request_uri")) {
			Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
					"s10");
			request.put(parameter, "");
			// RFC 6749 section 3.1: the request goes on as any other, to a code
			assertThat(this.flow.code(request, "alice")).as(parameter).isNotBlank();
		}
	}

	@Test
	void tokenWhenResourceDifferentlySpelledThenAudienceIsConfiguredResource() {
		Map<String, Object> tokens = tokens("HTTP://LOCALHOST:8001/mcp/", null);
		assertThat(introspect(tokens)).containsEntry("aud", List.of(RESOURCE));
	}

	@Test
	void tokenWhenSecondResourceRequestedThenAudienceIsThatResource() {
		Map<String, Object> tokens = tokens(OTHER_RESOURCE, null);
		assertThat(introspect(tokens)).containsEntry("aud", List.of(OTHER_RESOURCE));
	}

	@Test
	void tokenWhenResourceSentEmptyThenAsIfOmittedSoTheSecondResourceStaysBound() {
		String clientId = clientId(LOOPBACK);
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, LOOPBACK, pkce, "s");
		request.put("resource", OTHER_RESOURCE);
		String code = new AuthorizationCodeFlow(BASE_URL).code(request, "bob");

		// RFC 6749 section 3.2: a parameter sent without a value is as if omitted
		HttpResponse<String> response = this.flow.exchangeCode(clientId, code, pkce, LOOPBACK, "");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(introspect(Json.parse(response.body()))).containsEntry("aud", List.of(OTHER_RESOURCE));
		String refreshToken = (String) Json.parse(response.body()).get("refresh_token");
		HttpResponse<String> refreshed = this.flow.refresh(clientId, refreshToken, "");
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(introspect(Json.parse(refreshed.body()))).containsEntry("aud", List.of(OTHER_RESOURCE));
		// retried at once without it: the same request, so the same answer
		HttpResponse<String> retried = this.flow.refresh(clientId, refreshToken, null);
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		assertThat(Json.parse(retried.body())).containsEntry("access_token",
				Json.parse(refreshed.body()).get("access_token"));
	}

	@Test
	void tokenWhenNoResourceAndNoScopeThenDefaultResourceAndAllScopes() {
		Map<String, Object> tokens = tokens(null, null);
		Map<String, Object> claims = introspect(tokens);
		assertThat(claims).containsEntry("aud", List.of(RESOURCE));
		assertThat(((String) claims.get("scope")).split(" ")).containsExactlyInAnyOrderElementsOf(Scopes.all());
	}

	@Test
	void tokenWhenEmptyScopeThenAllScopes() {
		Map<String, Object> tokens = tokens(null, "");
		assertThat(((String) introspect(tokens).get("scope")).split(" "))
			.containsExactlyInAnyOrderElementsOf(Scopes.all());
	}

	@Test
	void authorizeWhenStateOversizedThenInvalidRequestRedirectWithoutStateAndNoSession() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
				"s".repeat(ParameterLimits.MAX_VALUE_LENGTH + 1));
		HttpResponse<String> response = this.flow.authorize(request);
		Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(response));
		assertThat(callback).containsEntry("error", "invalid_request")
			.containsEntry("iss", ISSUER)
			.doesNotContainKey("state");
		assertThat(callback.get("error_description")).contains("'state'", "2048");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void authorizeWhenStateIsNotPrintableAsciiThenInvalidRequestRedirectWithoutStateAndNoSession() {
		// RFC 6749 Appendix A.5: state is 1*VSCHAR (%x20-7E); a NUL or a letter beyond
		// ASCII was carried into the sign-in and back
		for (String state : List.of("a\u0000b", "caf\u00e9", "tab\there", "a\u007fb")) {
			Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
					state);
			HttpResponse<String> response = this.flow.authorize(request);
			Map<String, String> callback = AuthorizationCodeFlow.query(redirectToClient(response));
			assertThat(callback).as(state)
				.containsEntry("error", "invalid_request")
				.containsEntry("iss", ISSUER)
				.doesNotContainKey("state");
			assertThat(callback.get("error_description")).as(state).contains("'state'", "printable ASCII");
			assertThat(response.headers().allValues("Set-Cookie")).as(state).isEmpty();
		}
		// every VSCHAR is taken, the space and the double quote too
		String printable = " !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~";
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(),
				printable);
		assertThat(this.flow.callback(request, "alice")).containsKey("code").containsEntry("state", printable);
	}

	@Test
	void authorizeWhenStateIsNotPrintableAndTheClientUnknownThenTheErrorPageSaysSo() {
		Map<String, String> request = AuthorizationCodeFlow.request("no-such-client", LOOPBACK, Pkce.s256(),
				"a\u0000b");
		HttpResponse<String> response = this.flow.authorize(request);
		assertErrorPage(response);
		assertThat(response.body()).contains("The parameter &#39;state&#39; holds characters other than printable");
	}

	@Test
	void authorizeWhenTooManyParametersThenInvalidRequestRedirectWithState() {
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(LOOPBACK), LOOPBACK, Pkce.s256(), "s1");
		for (int i = 0; i < ParameterLimits.MAX_VALUES; i++) {
			request.put("extra" + i, "x");
		}
		HttpResponse<String> response = this.flow.authorize(request);
		assertThat(AuthorizationCodeFlow.query(redirectToClient(response))).containsEntry("error", "invalid_request")
			.containsEntry("state", "s1");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void authorizeWhenParameterOversizedAndClientUnknownThenErrorPageSaysSoWithoutTheNameTheLinkChose() {
		Map<String, String> request = AuthorizationCodeFlow.request("no-such-client", LOOPBACK, Pkce.s256(), "s");
		// anyone can send a person a link to this page: its words are not the link's
		request.put("Your account is locked, call 555-0100", "x".repeat(ParameterLimits.MAX_VALUE_LENGTH + 1));
		HttpResponse<String> response = this.flow.authorize(request);
		assertErrorPage(response);
		assertThat(response.body()).contains("A parameter of the authorization request is longer than 2048 characters.")
			.doesNotContain("555-0100");
	}

	@Test
	void authorizeWhenParameterOversizedForAWebClientThenThePageLeavesOutTheNameAndTheWayBackCarriesIt() {
		String web = "https://app.example/callback";
		Map<String, String> request = AuthorizationCodeFlow.request(clientId(web), web, Pkce.s256(), "s");
		request.put("call 555-0100", "x".repeat(ParameterLimits.MAX_VALUE_LENGTH + 1));
		HttpResponse<String> response = this.flow.authorize(request);
		assertErrorPage(response);
		String page = response.body();
		assertThat(page).contains("A parameter of the authorization request is longer than 2048 characters.");
		// shown once, in the link back to the application (its error_description), never
		// as the page's own words
		assertThat(page.split("555-0100", -1)).hasSize(2);
		assertThat(page).containsPattern("href=\"https://app\\.example/callback\\?[^\"]*555-0100");
	}

	private Map<String, Object> tokens(String resource, String scope) {
		String clientId = clientId(LOOPBACK);
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, LOOPBACK, pkce, "s");
		if (resource != null) {
			request.put("resource", resource);
		}
		if (scope != null) {
			request.put("scope", scope);
		}
		String code = new AuthorizationCodeFlow(BASE_URL).code(request, "bob");
		HttpResponse<String> response = this.flow.exchangeCode(clientId, code, pkce, LOOPBACK, resource);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Json.parse(response.body());
	}

	private Map<String, Object> introspect(Map<String, Object> tokens) {
		return Json
			.parse(this.flow.introspect((String) tokens.get("access_token"), RS_CLIENT_ID, RS_CLIENT_SECRET).body());
	}

	private String clientId(String redirectUri) {
		return (String) this.registration.registerPublic(redirectUri).get("client_id");
	}

	/**
	 * RFC 6749 section 4.1.2.1: printable ASCII but the double quote and the backslash.
	 */
	private static final String ERROR_DESCRIPTION_CHARACTERS = "[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*";

	private static HttpResponse<String> redirectToClient(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith(LOOPBACK + "?");
		return response;
	}

	private static void assertErrorPage(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.body()).contains("This application cannot be connected");
	}

}
