package com.defernowork.gateway.auth.cimd;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.auth.support.ShiftedTicker;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole authorization server with URL client ids: documents served over HTTPS by a
 * test CA the server trusts through the JVM's standard trust-store settings, on
 * {@code localhost}, the one allow-listed private host. Each test has a document of its
 * own; documents are served with {@code max-age=0} and the server's minimum lifetime is
 * zero here, so every change is seen at once (the lifetimes themselves are
 * {@link AbstractClientDocumentsIT}'s).
 */
class CimdAuthorizationFlowIT {

	private static final String PREFIX = TestRedis.uniquePrefix("cimd-flow");

	private static final String CLAUDE_CODE_REDIRECT = "http://127.0.0.1/callback";

	private static final String EPHEMERAL_REDIRECT = "http://127.0.0.1:53682/callback";

	private static final Pattern DISCONNECT_FORM = Pattern
		.compile("action=\"(/connected-apps/[^\"]+/disconnect)\".*?name=\"_csrf\" value=\"([^\"]+)\"", Pattern.DOTALL);

	private static DocumentHost host;

	private static final ShiftedTicker ticker = new ShiftedTicker();

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		host = new DocumentHost("localhost");
		server = DocumentHost.startTrusting(
				Map.of("auth.storage", "redis", "spring.data.redis.url", TestRedis.url(), "auth.redis.key-prefix",
						PREFIX, "auth.cimd.allowed-private-hosts", "localhost", "auth.cimd.cache.min-ttl", "0s"),
				ticker);
	}

	@AfterAll
	static void stop() {
		server.close();
		host.close();
		AuthServerTestBase.deleteKeys(PREFIX);
	}

	@Test
	void metadataWhenFetchedThenAdvertisesDocumentsAndKeepsRegistration() {
		Map<String, Object> metadata = Json
			.parse(new Browser().get(server.baseUrl() + "/.well-known/oauth-authorization-server").body());

		assertThat(metadata).containsEntry("client_id_metadata_document_supported", true)
			.containsEntry("registration_endpoint", server.baseUrl() + "/oauth2/register");
	}

	@Test
	void flowWhenClientIdIsDocumentUrlThenConsentShowsHostAndTokensRefreshAndRevoke() {
		String clientId = serve("/claude-code.json",
				document("/claude-code.json", "Claude Code", CLAUDE_CODE_REDIRECT, "http://localhost/callback"));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();

		HttpResponse<String> toConsent = flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, pkce, "s1"), "alice");
		HttpResponse<String> consent = flow.consentPage(toConsent);
		assertThat(consent.statusCode()).isEqualTo(200);
		assertThat(consent.body()).contains("\u201c<bdi>Claude Code</bdi>\u201d wants to use your Deferno account")
			.contains("<strong>localhost</strong> — verified by")
			.contains("an application on this computer")
			.contains("any program here could claim to be it")
			.doesNotContain("cannot verify it");
		// a name like "Claude Code (verified by Anthropic)" is the document's own words:
		// said before the address that is verified
		assertThat(consent.body().replaceAll("\\s+", " ")).containsSubsequence("Claude Code",
				"The application chose this name itself; the gateway verifies only its address.",
				"<strong>localhost</strong> — verified by");

		HttpResponse<String> redirect = flow.approve(consent.body(),
				AuthorizationCodeFlow.requestedScopes(consent.body()));
		assertThat(Browser.location(redirect)).startsWith(EPHEMERAL_REDIRECT + "?code=");
		String code = AuthorizationCodeFlow.query(redirect).get("code");
		Map<String, Object> tokens = Json
			.parse(flow.exchangeCode(clientId, code, pkce, EPHEMERAL_REDIRECT, null).body());
		assertThat(tokens).containsKeys("access_token", "refresh_token");

		HttpResponse<String> refreshed = flow.refresh(clientId, (String) tokens.get("refresh_token"), null);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> rotated = Json.parse(refreshed.body());
		assertThat(rotated.get("refresh_token")).isNotEqualTo(tokens.get("refresh_token"));
		assertThat(introspect((String) rotated.get("access_token"))).containsEntry("active", true)
			.containsEntry("client_id", clientId);

		assertThat(flow.revoke(clientId, (String) rotated.get("refresh_token")).statusCode()).isEqualTo(200);
		assertThat(flow.refresh(clientId, (String) rotated.get("refresh_token"), null).statusCode()).isEqualTo(400);
	}

	@Test
	void flowWhenDocumentCacheableThenTokenRefreshIntrospectionAndRevocationFetchItNoMore() {
		String clientId = serve("/cached-flow.json",
				json("/cached-flow.json", "Cached", CLAUDE_CODE_REDIRECT, "http://localhost/callback")
					.withHeader("Cache-Control", "max-age=300"));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();
		HttpResponse<String> consent = flow.consentPage(flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, pkce, "s1"), "alice"));
		HttpResponse<String> redirect = flow.approve(consent.body(),
				AuthorizationCodeFlow.requestedScopes(consent.body()));
		String code = AuthorizationCodeFlow.query(redirect).get("code");
		Map<String, Object> tokens = Json
			.parse(flow.exchangeCode(clientId, code, pkce, EPHEMERAL_REDIRECT, null).body());
		Map<String, Object> rotated = Json
			.parse(flow.refresh(clientId, (String) tokens.get("refresh_token"), null).body());
		assertThat(introspect((String) rotated.get("access_token"))).containsEntry("active", true);
		assertThat(flow.revoke(clientId, (String) rotated.get("refresh_token")).statusCode()).isEqualTo(200);

		assertThat(host.fetches("/cached-flow.json")).as("fetched once, for the authorization request").isEqualTo(1);
	}

	@Test
	void clientEndpointsWhenUrlNeverAuthorizedHereThenUnknownClientWithoutFetchingIt() {
		String path = "/never-authorized.json";
		String clientId = serve(path,
				json(path, "Never authorized", CLAUDE_CODE_REDIRECT).withHeader("Cache-Control", "max-age=300"));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());

		HttpResponse<String> refresh = flow.refresh(clientId, "x", null);
		HttpResponse<String> revoke = flow.revoke(clientId, "x");
		HttpResponse<String> introspect = flow.introspect("x", clientId, "secret");
		HttpResponse<String> configuration = flow.browser()
			.get(server.baseUrl() + "/oauth2/register?client_id=" + Browser.encode(clientId), "Authorization",
					"Bearer x");

		for (HttpResponse<String> response : List.of(refresh, revoke, introspect)) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
			assertThat(response.body()).contains("invalid_client");
		}
		assertThat(configuration.statusCode()).as(configuration.body()).isEqualTo(401);
		assertThat(host.fetches(path)).as("only an authorization request fetches a document").isZero();

		assertThat(flow.authorize(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, Pkce.s256(), "s"))
			.statusCode()).as("sent to sign in").isEqualTo(302);
		HttpResponse<String> known = flow.refresh(clientId, "x", null);
		assertThat(known.statusCode()).as(known.body()).isEqualTo(400);
		assertThat(known.body()).contains("invalid_grant");
		assertThat(host.fetches(path)).as("fetched by the authorization request, then cached").isEqualTo(1);
	}

	@Test
	void consentWhenTheDocumentGivesNoNameThenItsHostStandsForItAndNoNameIsSaidToBeChosen() {
		String clientId = serve("/nameless.json",
				aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"client_id\": \"" + host.url("/nameless.json") + "\", \"redirect_uris\": [\""
							+ CLAUDE_CODE_REDIRECT + "\"]}"));

		String page = consentPage(clientId, EPHEMERAL_REDIRECT, "irene").body();

		assertThat(page).contains("<strong>localhost</strong> — verified by").doesNotContain("chose this name");
	}

	@Test
	void consentWhenDynamicallyRegisteredClientThenItsNameIsMarkedUnverified() {
		String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(EPHEMERAL_REDIRECT)
			.get("client_id");

		String page = consentPage(clientId, EPHEMERAL_REDIRECT, "henry").body();

		assertThat(page).contains("The application chose this name itself")
			.doesNotContain("verified by")
			.doesNotContain("any program here could claim");
	}

	@Test
	void authorizeWhenRedirectNotInTheDocumentThenErrorPageAndNoRedirect() {
		String clientId = serve("/web-only.json",
				document("/web-only.json", "Web app", "https://app.example/callback"));

		HttpResponse<String> response = new AuthorizationCodeFlow(server.baseUrl())
			.authorize(AuthorizationCodeFlow.request(clientId, "https://evil.example/callback", Pkce.s256(), "s"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Browser.location(response)).isNull();
		assertThat(response.body()).contains("redirect_uri is not registered for this client");
	}

	@Test
	void authorizeWhenDocumentMissingThenErrorPageSayingSoWithoutRedirect() {
		host.server.stubFor(get("/missing.json").willReturn(aResponse().withStatus(404)));

		HttpResponse<String> response = authorize(host.url("/missing.json"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Browser.location(response)).isNull();
		assertThat(response.body())
			.contains("The client&#39;s metadata document could not be fetched: the server answered HTTP 404")
			.contains("invalid_client");
	}

	@Test
	void authorizeWhenCallerSendsTraceparentThenDocumentFetchCarriesItsTraceOnAndIsMeteredWithoutItsHost() {
		String clientId = serve("/traced.json", document("/traced.json", "Traced", CLAUDE_CODE_REDIRECT));
		String trace = "4bf92f3577b34da6a3ce929d0e0e4736";

		HttpResponse<String> response = new Browser().get(
				server.baseUrl() + "/oauth2/authorize?"
						+ Browser.form(AuthorizationCodeFlow.request(clientId, CLAUDE_CODE_REDIRECT, Pkce.s256(), "s")),
				"Accept", Browser.HTML, "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");

		assertThat(response.statusCode()).as("sent to sign in").isEqualTo(302);
		// each fetch (the document is fetched again for the sign-in) in the caller's
		// trace, as a span of its own
		assertThat(host.server.findAll(getRequestedFor(urlPathEqualTo("/traced.json")))).isNotEmpty()
			.allSatisfy((fetch) -> assertThat(fetch.getHeader("traceparent"))
				.matches("00-" + trace + "-(?!00f067aa0ba902b7)[0-9a-f]{16}-01"));
		// a latency histogram, every host as one: hosts are the clients' to choose
		HttpResponse<String> metrics = new Browser().get(server.baseUrl() + "/actuator/prometheus");
		assertThat(metrics.body()).contains("httpcomponents_httpclient_request_seconds_bucket{")
			.contains("target_host=\"client-metadata-document\"")
			.doesNotContain("target_host=\"localhost\"");
	}

	@Test
	void authorizeWhenDocumentCacheableThenFetchedOnceForSeveralRequests() {
		String clientId = serve("/cacheable.json",
				json("/cacheable.json", "Cacheable", CLAUDE_CODE_REDIRECT).withHeader("Cache-Control", "max-age=300"));

		for (int i = 0; i < 3; i++) {
			assertThat(authorize(clientId).statusCode()).as("sent to sign in").isEqualTo(302);
		}

		assertThat(host.fetches("/cacheable.json")).isEqualTo(1);
	}

	@Test
	void authorizeWhenDocumentTooLargeSlowOrRedirectedThenErrorPageSayingWhich() {
		serve("/large.json",
				aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"client_name\": \"" + "x".repeat(6 * 1024) + "\"}"));
		serve("/slow.json", document("/slow.json", "Slow", CLAUDE_CODE_REDIRECT).withFixedDelay(20_000));
		serve("/moved.json", aResponse().withStatus(301).withHeader("Location", host.url("/target.json")));
		serve("/target.json", document("/target.json", "Target", CLAUDE_CODE_REDIRECT));

		assertThat(authorize(host.url("/large.json")).body()).contains("it is larger than 5 KB");
		assertThat(authorize(host.url("/slow.json")).body()).contains("localhost did not answer within 5000 ms");
		HttpResponse<String> moved = authorize(host.url("/moved.json"));
		assertThat(moved.statusCode()).isEqualTo(400);
		assertThat(moved.body()).contains("the server redirects it elsewhere (HTTP 301)");
		assertThat(host.fetches("/target.json")).as("the redirect was not followed").isZero();
	}

	@Test
	void authorizeWhenDocumentNamesAnotherClientIdThenErrorPageSayingSo() {
		serve("/impostor.json",
				aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"client_id\": \"https://claude.ai/oauth/claude-code-client-metadata\", "
							+ "\"redirect_uris\": [\"" + CLAUDE_CODE_REDIRECT + "\"]}"));

		HttpResponse<String> response = authorize(host.url("/impostor.json"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("is not the address it was fetched from");
	}

	@Test
	void authorizeWhenDocumentOnAnAddressNotAllowListedThenRefusedWithoutFetching() {
		String onLoopbackAddress = "https://127.0.0.1:" + host.server.httpsPort() + "/claude-code.json";

		HttpResponse<String> response = authorize(onLoopbackAddress);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("private or special-use address");
	}

	@Test
	void authorizeWhenClientIdIsHttpThenErrorPageNotUnknownClient() {
		HttpResponse<String> response = authorize("http://app.example/client.json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("it must start with https://");
	}

	@Test
	void anyEndpointWhenClientIdUrlHasAnImpossiblePortThenRefusedNotAServerError() {
		String clientId = "https://app.example:99999/client.json";
		HttpResponse<String> page = authorize(clientId);
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("port must be between 1 and 65535");
		HttpResponse<String> token = new AuthorizationCodeFlow(server.baseUrl()).refresh(clientId, "x", null);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(401);
		assertThat(token.body()).contains("invalid_client");
	}

	@Test
	void authorizeWhenClientIdHasAnIpv6ZoneThenRefusedAsInvalidNotAsAHostToTryAgain() {
		// sent as client_id=https://[fe80::1%25lo]/c
		HttpResponse<String> response = authorize("https://[fe80::1%lo]/c");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("must not carry an IPv6 zone").doesNotContain("try again");
	}

	@Test
	void documentWhenGoneThenIssuedTokensKeepWorkingButNewAuthorizationsAreRefused() {
		String clientId = serve("/vanishing.json", document("/vanishing.json", "Vanishing", CLAUDE_CODE_REDIRECT));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, pkce, "s"), "dora");
		Map<String, Object> tokens = Json
			.parse(flow.exchangeCode(clientId, code, pkce, EPHEMERAL_REDIRECT, null).body());

		host.server.stubFor(get("/vanishing.json").willReturn(aResponse().withStatus(404)));

		assertThat(introspect((String) tokens.get("access_token"))).containsEntry("active", true);
		HttpResponse<String> refreshed = flow.refresh(clientId, (String) tokens.get("refresh_token"), null);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		HttpResponse<String> again = flow
			.authorize(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, Pkce.s256(), "s2"));
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("HTTP 404");
	}

	@Test
	void approveWhenTheDocumentDroppedTheRedirectMeanwhileThenNoCodeIsSentThere() {
		String clientId = serve("/moved.json",
				document("/moved.json", "Moved", CLAUDE_CODE_REDIRECT, "https://app.example/callback"));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		HttpResponse<String> consent = flow.consentPage(flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, Pkce.s256(), "s"), "gina"));

		serve("/moved.json", document("/moved.json", "Moved", "https://app.example/callback"));
		Set<String> grants = grantKeys();
		HttpResponse<String> approved = flow.approve(consent.body(),
				AuthorizationCodeFlow.requestedScopes(consent.body()));

		assertThat(approved.statusCode()).isEqualTo(400);
		assertThat(Browser.location(approved)).isNull();
		assertThat(approved.body()).contains("no longer lists the address it asked to be sent back to");
		// the pending request became the code's grant, which is removed: nothing is left
		// that the code could be redeemed for
		Set<String> left = grantKeys();
		assertThat(grants).containsAll(left).hasSizeGreaterThan(left.size());
	}

	@Test
	void approveWhenTheDocumentDroppedTheRedirectMeanwhileThenTheApprovalIsNotRemembered() {
		String kept = "https://app.example/callback";
		String dropped = "https://dropped.example/callback";
		String clientId = serve("/dropped.json", document("/dropped.json", "Dropped", kept, dropped));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		HttpResponse<String> consent = flow.consentPage(
				flow.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, dropped, Pkce.s256(), "s1"), "nina"));
		serve("/dropped.json", document("/dropped.json", "Dropped", kept));
		assertThat(flow.approve(consent.body(), AuthorizationCodeFlow.requestedScopes(consent.body())).body())
			.contains("no longer lists the address it asked to be sent back to");

		serve("/dropped.json", document("/dropped.json", "Dropped", kept, dropped));
		HttpResponse<String> again = flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, dropped, Pkce.s256(), "s2"), "nina");

		assertThat(Browser.location(again)).as("asked again, no code sent").doesNotContain("code=");
		assertThat(flow.consentPage(again).body()).contains("wants to use your Deferno account");
	}

	@Test
	void redeemWhenTheDocumentDroppedTheRedirectAfterTheCodeThenNoTokens() {
		String clientId = serve("/dropped.json",
				document("/dropped.json", "Dropped", CLAUDE_CODE_REDIRECT, "https://app.example/callback"));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, pkce, "s"), "hank");

		serve("/dropped.json", document("/dropped.json", "Dropped", "https://app.example/callback"));
		HttpResponse<String> token = flow.exchangeCode(clientId, code, pkce, EPHEMERAL_REDIRECT, null);

		assertThat(token.statusCode()).isEqualTo(400);
		assertThat(Json.parse(token.body())).containsEntry("error", "invalid_grant")
			.containsEntry("error_description",
					"The client no longer lists the redirect_uri this code was issued for; authorize again");
		// the grant is gone: listing the address again does not bring the code back
		serve("/dropped.json",
				document("/dropped.json", "Dropped", CLAUDE_CODE_REDIRECT, "https://app.example/callback"));
		assertThat(flow.exchangeCode(clientId, code, pkce, EPHEMERAL_REDIRECT, null).statusCode()).isEqualTo(400);
	}

	@Test
	void approveWhenTheDocumentIsGoneMeanwhileThenThePageSaysSo() {
		String clientId = serve("/gone-meanwhile.json", document("/gone-meanwhile.json", "Gone", CLAUDE_CODE_REDIRECT));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		HttpResponse<String> consent = flow.consentPage(flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, Pkce.s256(), "s"), "ivy"));

		host.server.stubFor(get("/gone-meanwhile.json").willReturn(aResponse().withStatus(404)));
		HttpResponse<String> approved = flow.approve(consent.body(),
				AuthorizationCodeFlow.requestedScopes(consent.body()));

		assertThat(approved.statusCode()).isEqualTo(400);
		assertThat(Browser.location(approved)).isNull();
		assertThat(approved.body()).contains("the server answered HTTP 404").doesNotContain("already answered");
	}

	@Test
	void authorizeWhenTheDocumentHostFailsThenTryAgainLater() {
		host.server.stubFor(get("/failing.json").willReturn(aResponse().withStatus(503)));

		HttpResponse<String> response = authorize(host.url("/failing.json"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(Browser.location(response)).isNull();
		assertThat(response.body()).contains("temporarily_unavailable")
			.contains("try again in a moment")
			.doesNotContain("register again");
	}

	@Test
	void approveWhenTheDocumentMayNotBeKeptThenFetchedOnceForTheRequest() {
		String clientId = serve("/no-store.json",
				json("/no-store.json", "Unkept", CLAUDE_CODE_REDIRECT).withHeader("Cache-Control", "no-store"));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		HttpResponse<String> consent = flow.consentPage(flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, Pkce.s256(), "s"), "jack"));
		int before = host.fetches("/no-store.json");

		HttpResponse<String> approved = flow.approve(consent.body(),
				AuthorizationCodeFlow.requestedScopes(consent.body()));

		assertThat(Browser.location(approved)).startsWith(EPHEMERAL_REDIRECT + "?code=");
		assertThat(host.fetches("/no-store.json") - before).as("fetches for the approval").isEqualTo(1);
	}

	@Test
	void documentWhenChangedThenTheNextConsentShowsTheNewNameAndRedirects() {
		String clientId = serve("/renamed.json", document("/renamed.json", "Old name", CLAUDE_CODE_REDIRECT));
		assertThat(consentPage(clientId, EPHEMERAL_REDIRECT, "erin").body())
			.contains("\u201c<bdi>Old name</bdi>\u201d wants to use");

		serve("/renamed.json", document("/renamed.json", "New name", "https://app.example/callback"));

		assertThat(consentPage(clientId, "https://app.example/callback", "frank").body())
			.contains("\u201c<bdi>New name</bdi>\u201d wants to use")
			.contains("You will be sent back to <strong>app.example</strong>")
			.doesNotContain("any program here could claim");
		HttpResponse<String> oldRedirect = new AuthorizationCodeFlow(server.baseUrl())
			.authorize(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, Pkce.s256(), "s"));
		assertThat(oldRedirect.statusCode()).isEqualTo(400);
	}

	@Test
	void connectedAppsWhenDocumentClientThenShownWithItsHostAndDisconnectRevokes() {
		String clientId = serve("/connected.json", document("/connected.json", "Connected tool", CLAUDE_CODE_REDIRECT));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(clientId, EPHEMERAL_REDIRECT, pkce, "s"), "grace");
		String accessToken = (String) Json
			.parse(flow.exchangeCode(clientId, code, pkce, EPHEMERAL_REDIRECT, null).body())
			.get("access_token");

		String page = flow.browser().get(server.baseUrl() + "/connected-apps", "Accept", Browser.HTML).body();
		assertThat(page.replaceAll("\\s+", " ")).containsSubsequence("Connected tool",
				"The app chose this name itself; the gateway verifies only its address.", "<strong>localhost</strong>");
		Matcher form = DISCONNECT_FORM.matcher(page);
		assertThat(form.find()).isTrue();
		HttpResponse<String> disconnected = flow.browser()
			.postForm(server.baseUrl() + form.group(1), Map.of("_csrf", form.group(2)), "Accept", Browser.HTML);

		assertThat(Browser.location(disconnected)).endsWith("/connected-apps?disconnected");
		assertThat(introspect(accessToken)).containsEntry("active", false);
	}

	@Test
	void consentWhenTheStoredCopyOfADocumentClientExpiredThenStillRemembered() {
		String redirect = "https://app.example/callback";
		// resolving the document stores the client (and this instance remembers it stored
		// that version)
		String clientId = admittedSignedOut("/expired-copy.json", "Expired copy", redirect);
		// Redis expires the stored copy after auth.client-idle-ttl without a lookup by
		// id, then the client store's few seconds of freshness pass
		deleteStoredCopy(clientId);
		ticker.advance(Duration.ofSeconds(6));
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		assertThat(flow.code(AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "s1"), "kim")).isNotBlank();

		HttpResponse<String> again = flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "s2"), "kim");

		assertThat(Browser.location(again)).as("the consent just given is remembered").startsWith(redirect + "?code=");
	}

	@Test
	void authorizeWhenNoOneIsSignedInThenTheClientIsKeptAsUnclaimedUntilSomeoneSignsIn() {
		String redirect = "https://app.example/callback";
		// a request anyone can make, for any number of URLs: kept as a registration no
		// one signed in for is
		String clientId = admittedSignedOut("/anonymous.json", "Anonymous", redirect);
		Duration unclaimed = storedCopyLife(clientId);
		assertThat(unclaimed).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));

		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		HttpResponse<String> consent = flow.consentPage(
				flow.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "s1"), "lena"));
		assertThat(consent.statusCode()).isEqualTo(200);
		assertThat(storedCopyLife(clientId)).isGreaterThan(Duration.ofDays(1));
	}

	/**
	 * Serves a document and has an authorization request no one is signed in for admit
	 * its client; its client id.
	 */
	private static String admittedSignedOut(String path, String name, String redirect) {
		String clientId = serve(path, document(path, name, redirect));
		assertThat(new AuthorizationCodeFlow(server.baseUrl())
			.authorize(AuthorizationCodeFlow.request(clientId, redirect, Pkce.s256(), "s"))
			.statusCode()).as("sent to sign in").isEqualTo(302);
		return clientId;
	}

	/** The keys of the grants stored, pending authorization requests included. */
	private static Set<String> grantKeys() {
		return withRedis((redis) -> redis.keys(PREFIX + "grant:{*}")
			.stream()
			.filter((key) -> key.endsWith("}"))
			.collect(Collectors.toSet()));
	}

	/** How long Redis keeps the stored copy of a document client. */
	private static Duration storedCopyLife(String clientId) {
		return withRedis((redis) -> Duration.ofSeconds(redis.getExpire(PREFIX + "client:" + clientId)));
	}

	private static void deleteStoredCopy(String clientId) {
		withRedis((redis) -> redis.delete(List.of(PREFIX + "client:" + clientId, PREFIX + "client-id:" + clientId)));
	}

	private static <T> T withRedis(Function<StringRedisTemplate, T> work) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		factory.afterPropertiesSet();
		factory.start();
		try {
			return work.apply(new StringRedisTemplate(factory));
		}
		finally {
			factory.destroy();
		}
	}

	private static String serve(String path, ResponseDefinitionBuilder response) {
		host.server.stubFor(get(path).willReturn(response));
		return host.url(path);
	}

	/** A valid document that must be fetched again at every use. */
	private static ResponseDefinitionBuilder document(String path, String clientName, String... redirectUris) {
		return json(path, clientName, redirectUris).withHeader("Cache-Control", "max-age=0");
	}

	private static ResponseDefinitionBuilder json(String path, String clientName, String... redirectUris) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(host.document(path, clientName, redirectUris));
	}

	private static HttpResponse<String> authorize(String clientId) {
		return new AuthorizationCodeFlow(server.baseUrl())
			.authorize(AuthorizationCodeFlow.request(clientId, CLAUDE_CODE_REDIRECT, Pkce.s256(), "s"));
	}

	private static HttpResponse<String> consentPage(String clientId, String redirectUri, String username) {
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		return flow.consentPage(flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(clientId, redirectUri, Pkce.s256(), "s"), username));
	}

	private static Map<String, Object> introspect(String token) {
		return Json.parse(new AuthorizationCodeFlow(server.baseUrl())
			.introspect(token, "mcp-resource-server", RunningAuthServer.RS_CLIENT_SECRET)
			.body());
	}

}
