package com.defernowork.gateway.auth.apps;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

@SpringBootTest(properties = "auth.storage=memory")
class ConnectedAppsIT {

	@Autowired
	WebApplicationContext context;

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	TokenVault vault;

	@Autowired
	OAuth2AuthorizationConsentService consents;

	private MockMvc mvc;

	private final DefernoAuthenticationToken alice = new DefernoAuthenticationToken(
			new DefernoUser("alice-" + UUID.randomUUID(), "alice", "Alice"), null);

	private final DefernoAuthenticationToken bob = new DefernoAuthenticationToken(
			new DefernoUser("bob-" + UUID.randomUUID(), "bob", "Bob"), null);

	private RegisteredClient claude;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.claude = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("claude-" + UUID.randomUUID())
			.clientName("Claude Code")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://localhost:33418/callback")
			.build();
		this.clients.save(this.claude);
	}

	/** A client registered as Claude Code's is, under ids of its own. */
	private RegisteredClient.Builder anotherClient(String clientIdPrefix) {
		return RegisteredClient.from(this.claude)
			.id(UUID.randomUUID().toString())
			.clientId(clientIdPrefix + "-" + UUID.randomUUID());
	}

	private OAuth2Authorization grant(DefernoAuthenticationToken person) {
		return grant(person, this.claude, Instant.now().minus(Duration.ofDays(3)));
	}

	/**
	 * The grant as the code flow leaves it: approved then, its code spent, tokens since.
	 */
	private OAuth2Authorization grant(DefernoAuthenticationToken person, RegisteredClient client, Instant approved) {
		return grant(person, client, approved, Instant.now());
	}

	private OAuth2Authorization grant(DefernoAuthenticationToken person, RegisteredClient client, Instant approved,
			Instant now) {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-" + person.getName(), null),
				TestVaults.SIGN_IN_IDLE);
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(client)
			.id(UUID.randomUUID().toString())
			.principalName(person.getName())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("tasks:read", "plan:read"))
			.attribute(Principal.class.getName(), new DefernoAuthenticationToken(person.getPrincipal(), handle))
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, UUID.randomUUID().toString(), now,
					now.plus(Duration.ofHours(1)), Set.of("tasks:read", "plan:read")))
			.refreshToken(new OAuth2RefreshToken(UUID.randomUUID().toString(), now, now.plus(Duration.ofDays(30))))
			.token(new OAuth2AuthorizationCode(UUID.randomUUID().toString(), approved, approved.plusSeconds(300)),
					(metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build();
		this.authorizations.save(authorization);
		return authorization;
	}

	@Test
	void pageWhenSignedInThenListsOwnAppsWithNameHostScopesAndDisconnectForm() throws Exception {
		grant(this.alice);
		this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(content().string(allOf(containsString("Signed in to Deferno as <strong>alice</strong>"),
					// the resource server may still accept its last token for its cache's
					// minute (MCP_INTROSPECTION_CACHE_TTL), with JWTs longer: no promise
					// of
					// "at once"
					containsString("stops working within minutes"), containsString("Claude Code"),
					containsString("an application on this computer"), containsString(Scopes.TASKS_READ.description()),
					containsString(Scopes.PLAN_READ.description()),
					not(containsString(Scopes.TASKS_WRITE.description())), containsString("name=\"_csrf\""),
					containsString("/disconnect"),
					// a list, which Safari keeps one with role=list only, not lines
					// joined by <br>
					containsString("<dt>Access</dt><dd><ul class=\"access\" role=\"list\"><li>"
							+ Scopes.TASKS_READ.description() + "</li><li>"),
					containsString("<ul class=\"apps\" role=\"list\">"), not(containsString("<br>")))));
		this.mvc.perform(get("/connected-apps").with(authentication(this.bob)))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(allOf(containsString("No apps are connected"), not(containsString("Claude Code")))));
	}

	/**
	 * A client may register several redirect URIs, the first naming another app's site:
	 * the page says where this grant's codes went, as the consent page did, and that the
	 * name is the app's own choice.
	 */
	@Test
	void pageWhenClientRegisteredSeveralRedirectsThenTheGrantsOwnIsShown() throws Exception {
		RegisteredClient twoSites = anotherClient("claude").clientName("Claude").redirectUris((uris) -> {
			uris.clear();
			uris.add("https://claude.ai/api/mcp/auth_callback");
			uris.add("https://evil.example/cb");
		}).build();
		this.clients.save(twoSites);
		OAuth2Authorization granted = grant(this.alice, twoSites, Instant.now().minus(Duration.ofDays(1)));
		this.authorizations.save(OAuth2Authorization.from(granted)
			.attribute(OAuth2AuthorizationRequest.class.getName(),
					OAuth2AuthorizationRequest.authorizationCode()
						.authorizationUri("http://localhost/oauth2/authorize")
						.clientId(twoSites.getClientId())
						.redirectUri("https://evil.example/cb")
						.scopes(Set.of("tasks:read", "plan:read"))
						.state("s")
						.build())
			.build());
		this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("<dt>Returns to</dt><dd>evil.example</dd>"),
					not(containsString("<dd>claude.ai</dd>")), containsString("The app chose this name itself"))));
	}

	@Test
	void pageWhenTwoInstallsOfOneAppThenEachSaysWhenItWasApproved() throws Exception {
		RegisteredClient secondInstall = anotherClient("claude").redirectUris((uris) -> {
			uris.clear();
			uris.add("http://localhost:40112/callback");
		}).build();
		this.clients.save(secondInstall);
		grant(this.alice, this.claude, Instant.parse("2026-11-02T08:15:00Z"));
		grant(this.alice, secondInstall, Instant.parse("2026-11-20T17:40:00Z"));
		this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("<dt>Connected</dt><dd>2 Nov 2026, 08:15 UTC</dd>"),
					containsString("<dt>Connected</dt><dd>20 Nov 2026, 17:40 UTC</dd>"))));
	}

	@Test
	void pageWhenTheResourceServerReportedAToolCallThenLastUsedIsThatCallAndTheAppComesFirst() throws Exception {
		RegisteredClient cursor = anotherClient("cursor").clientName("Cursor").build();
		this.clients.save(cursor);
		Instant fiveHoursAgo = Instant.parse("2026-11-20T08:15:00Z");
		grant(this.alice, this.claude, fiveHoursAgo, fiveHoursAgo);
		grant(this.alice, cursor, fiveHoursAgo, fiveHoursAgo.plus(Duration.ofHours(4)));
		String before = ConnectedApps.WHEN.format(Instant.now());
		this.mvc
			.perform(post("/internal/activity").with(httpBasic("mcp-resource-server", "change-me-rs-secret"))
				.contentType("application/json")
				.content("{\"user\":\"" + this.alice.getName() + "\",\"client\":\"" + this.claude.getClientId()
						+ "\",\"tool\":\"list_items\",\"outcome\":\"ok\",\"duration_ms\":12}"))
			.andExpect(status().isNoContent());
		String page = this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String after = ConnectedApps.WHEN.format(Instant.now());

		// its tokens are older than the other app's, its call is newer
		assertThat(page.indexOf("<h2>\u201c<bdi>Claude Code</bdi>\u201d</h2>")).isNotNegative()
			.isLessThan(page.indexOf("<h2>\u201c<bdi>Cursor</bdi>\u201d</h2>"));
		assertThat(page).containsAnyOf("<dt>Last used</dt><dd>" + before + "</dd>",
				"<dt>Last used</dt><dd>" + after + "</dd>");
		assertThat(page).contains("<dt>Last used</dt><dd>20 Nov 2026, 12:15 UTC</dd>")
			.doesNotContain("<dt>Last used</dt><dd>20 Nov 2026, 08:15 UTC</dd>");
		// the call's time for machines too, to the second
		assertThat(page).containsPattern("<ol class=\"activity\" role=\"list\">")
			.containsPattern(
					"<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\">\\d\\d:\\d\\d:\\d\\d UTC, ");
	}

	/**
	 * Two apps that gave no name: each says so, as the consent page did, and each
	 * Disconnect button's name tells them apart for someone who hears it.
	 */
	@Test
	void pageWhenTwoAppsGaveNoNameThenEachSaysSoAndTheirDisconnectButtonsAreToldApart() throws Exception {
		// as registration stores a client without a name
		RegisteredClient first = anotherClient("unnamed").clientName(GatewayClientSettings.UNNAMED).build();
		RegisteredClient second = anotherClient("unnamed").clientName(GatewayClientSettings.UNNAMED)
			.redirectUris((uris) -> {
				uris.clear();
				uris.add("https://tool.example/cb");
			})
			.build();
		this.clients.save(first);
		this.clients.save(second);
		grant(this.alice, first, Instant.parse("2026-11-02T08:15:00Z"));
		grant(this.alice, second, Instant.parse("2026-11-20T17:40:00Z"));
		String page = this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page.split("The app gave no name; the gateway\\s+cannot tell which app it is", -1)).hasSize(3);
		assertThat(page).contains(
				"aria-label=\"Disconnect Unnamed application, returns to an application on this computer, "
						+ "connected 2 Nov 2026, 08:15 UTC\"",
				"aria-label=\"Disconnect Unnamed application, returns to tool.example, connected 20 Nov 2026, 17:40 UTC\"");
	}

	@Test
	void disconnectWhenOwnGrantWithCsrfThenGrantDefernoTokenAndRememberedConsentRemoved() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		this.consents.save(OAuth2AuthorizationConsent.withId(this.claude.getId(), this.alice.getName())
			.scope("tasks:read")
			.build());
		OAuth2AuthorizationConsent bobsConsent = OAuth2AuthorizationConsent
			.withId(this.claude.getId(), this.bob.getName())
			.scope("tasks:read")
			.build();
		this.consents.save(bobsConsent);
		assertThat(this.vault.forGrant(authorization.getId())).isPresent();
		MockHttpSession session = new MockHttpSession();
		this.mvc
			.perform(post("/connected-apps/{id}/disconnect", ConnectedApps.handleOf(authorization)).session(session)
				.with(authentication(this.alice))
				.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/connected-apps?disconnected"));
		assertThat(this.authorizations.findById(authorization.getId())).isNull();
		assertThat(this.vault.forGrant(authorization.getId())).isEmpty();
		// the app has to ask again; another person's approval of the same app stands
		assertThat(this.consents.findById(this.claude.getId(), this.alice.getName())).isNull();
		assertThat(this.consents.findById(this.claude.getId(), this.bob.getName())).isEqualTo(bobsConsent);
		// the list says which app went, once: a reload disconnected nothing; and not
		// that it stopped at once, as a token the resource server checked lately still
		// works for as long as it keeps the answer (a minute, ten in JWT mode by default)
		// said in the title and by the notice taking the focus, as the page loads after
		// the redirect (a live region there from the start is not announced)
		this.mvc
			.perform(get("/connected-apps").param("disconnected", "").session(session).with(authentication(this.alice)))
			.andExpect(content().string(allOf(containsString("\u201c<bdi>Claude Code</bdi>\u201d was disconnected"),
					containsString("stops working within minutes, and it must ask you again to connect"),
					not(containsString("can no longer use")),
					containsString("<title>\u201cClaude Code\u201d disconnected \u00b7 Connected apps \u00b7 "
							+ "Deferno MCP gateway</title>"),
					containsString("<p class=\"notice\" role=\"status\" tabindex=\"-1\" autofocus>"))));
		this.mvc
			.perform(get("/connected-apps").param("disconnected", "").session(session).with(authentication(this.alice)))
			.andExpect(content().string(allOf(not(containsString("was disconnected")),
					containsString("<title>Connected apps \u00b7 Deferno MCP gateway</title>"))));
	}

	@Test
	void disconnectWhenClickedTwiceThenTheSecondShowsTheListWithTheFirstsNotice() throws Exception {
		String handle = ConnectedApps.handleOf(grant(this.alice));
		MockHttpSession session = new MockHttpSession();
		disconnect(handle, session).andExpect(redirectedUrl("/connected-apps?disconnected"));
		// the browser shows the second click's answer: the list, saying what the first
		// did
		disconnect(handle, session).andExpect(status().isNotFound())
			.andExpect(content().string(allOf(containsString("\u201c<bdi>Claude Code</bdi>\u201d was disconnected"),
					containsString("No apps are connected"), not(containsString("That app is not connected")))));
		// another tab's Disconnect, whose notice this page already showed: the list, and
		// why
		disconnect(handle, session).andExpect(status().isNotFound())
			.andExpect(content().string(allOf(containsString("That app is not connected to your account"),
					containsString("No apps are connected"), not(containsString("was disconnected")),
					containsString("<title>That app was not connected \u00b7 Connected apps"),
					containsString("<p class=\"warning\" role=\"status\" tabindex=\"-1\" autofocus>That app"))));
	}

	private ResultActions disconnect(String handle, MockHttpSession session) throws Exception {
		return this.mvc.perform(post("/connected-apps/{id}/disconnect", handle).session(session)
			.with(authentication(this.alice))
			.with(csrf()));
	}

	@Test
	void disconnectWhenPostedFromAnotherSiteThenNothingChangedAndSaidSoNotThatTheSignInExpired() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		// no Lax cookie goes with another site's POST: no session, no CSRF token
		this.mvc
			.perform(post("/connected-apps/{id}/disconnect", ConnectedApps.handleOf(authorization))
				.header("Sec-Fetch-Site", "cross-site"))
			.andExpect(redirectedUrl("/connected-apps?cross-site"));
		assertThat(this.authorizations.findById(authorization.getId())).isNotNull();
		this.mvc.perform(get("/connected-apps").param("cross-site", "").with(authentication(this.alice)))
			.andExpect(content()
				.string(allOf(containsString("the request came from another site"), containsString("Claude Code"))));
	}

	@Test
	void pageWhenAnAppsNameMixesAlphabetsThenWarnedAsOnTheConsentPage() throws Exception {
		// Cyrillic С, а and е among Latin letters
		RegisteredClient lookalike = anotherClient("lookalike").clientName("\u0421l\u0430ud\u0435 Code").build();
		this.clients.save(lookalike);
		grant(this.alice);
		grant(this.alice, lookalike, Instant.now().minus(Duration.ofDays(1)));
		this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(content().string(allOf(containsString("2 apps, the most recently used first."),
					containsString("if you do not know it, disconnect it"))))
			.andExpect((result) -> assertThat(
					result.getResponse().getContentAsString().split("mixes letters of different alphabets", -1))
				.hasSize(2));
	}

	@Test
	void disconnectAddressWhenOpenedAsAPageThenTheListAndNothingDisconnected() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		this.mvc
			.perform(get("/connected-apps/{id}/disconnect", ConnectedApps.handleOf(authorization))
				.with(authentication(this.alice)))
			.andExpect(redirectedUrl("/connected-apps"));
		assertThat(this.authorizations.findById(authorization.getId())).isNotNull();
	}

	@Test
	void pageAndDisconnectWhenOneAppHoldsTwoGrantsThenListedOnceAndBothEnded() throws Exception {
		// approved on two devices, or again with more access after a step-up
		OAuth2Authorization first = grant(this.alice, this.claude, Instant.parse("2026-11-02T08:15:00Z"));
		OAuth2Authorization second = grant(this.alice, this.claude, Instant.parse("2026-11-20T17:40:00Z"));
		this.authorizations.save(OAuth2Authorization.from(second)
			.authorizedScopes(Set.of("tasks:read", "tasks:write", "plan:read"))
			.build());
		this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("<dt>Connected</dt><dd>2 Nov 2026, 08:15 UTC</dd>"),
					not(containsString("20 Nov 2026")), containsString("2 times"),
					containsString("Create, change and delete your tasks"))))
			.andExpect((result) -> assertThat(
					result.getResponse().getContentAsString().split("<h2>\u201c<bdi>Claude Code</bdi>\u201d</h2>", -1))
				.hasSize(2));
		this.mvc
			.perform(post("/connected-apps/{id}/disconnect", ConnectedApps.handleOf(second))
				.with(authentication(this.alice))
				.with(csrf()))
			.andExpect(redirectedUrl("/connected-apps?disconnected"));
		assertThat(this.authorizations.findById(first.getId())).isNull();
		assertThat(this.authorizations.findById(second.getId())).isNull();
	}

	@Test
	void disconnectWhenNoCsrfTokenOfThisSignInThenBackToTheListSayingNothingChangedAndGrantKept() throws Exception {
		// a page from an earlier sign-in in this browser: the person is signed in, the
		// form's token is not this session's
		OAuth2Authorization authorization = grant(this.alice);
		for (RequestPostProcessor stale : List.<RequestPostProcessor>of(csrf().useInvalidToken(),
				(request) -> request)) {
			this.mvc
				.perform(post("/connected-apps/{id}/disconnect", ConnectedApps.handleOf(authorization))
					.with(authentication(this.alice))
					.with(stale))
				.andExpect(status().is3xxRedirection())
				.andExpect(redirectedUrl("/connected-apps?unchanged"));
		}
		assertThat(this.authorizations.findById(authorization.getId())).isNotNull();
		this.mvc.perform(get("/connected-apps").param("unchanged", "").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Nothing was changed"),
					containsString("from an earlier sign-in"), not(containsString("expired")),
					containsString("<title>Nothing was changed \u00b7 Connected apps"),
					containsString("role=\"status\" tabindex=\"-1\" autofocus>Nothing was changed"))));
	}

	@Test
	void signOutWhenTheFormIsFromAnEarlierSignInThenAskedAgainWithThisSessionsFormWhichSignsOut() throws Exception {
		MockHttpSession session = signedIn(this.alice);
		this.mvc.perform(post("/logout").session(session).with(csrf().useInvalidToken()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(allOf(containsString("Sign out of the gateway?"), containsString("alice"),
					containsString("action=\"/logout\""), containsString("name=\"_csrf\""),
					not(containsString("expired")))));
		assertThat(session.isInvalid()).isFalse();
		// from the consent page's "Not alice?": the page says what signing out is for
		// there, and leads back to that consent page
		OAuth2Authorization pending = StorageFixtures.pending(this.claude, this.alice).build();
		this.authorizations.save(pending);
		String state = pending.getAttribute(OAuth2ParameterNames.STATE);
		this.mvc.perform(post("/logout").param("state", state).session(session).with(csrf().useInvalidToken()))
			.andExpect(status().isForbidden())
			.andExpect(content()
				.string(allOf(containsString("<title>Sign in as someone else? · Deferno MCP gateway</title>"),
						containsString("Sign in as someone else?"),
						containsString("name=\"state\" value=\"" + state + "\""),
						containsString(">Sign out and sign in again</button>"),
						containsString("href=\"/consent?client_id=" + this.claude.getClientId() + "&amp;state=" + state
								+ "\">Stay signed in as alice: back to \u201c<bdi>Claude Code</bdi>\u201d</a>"),
						not(containsString("Back to connected apps")))));
		// a state not of alice's pending requests: the sign-out goes to the signed-out
		// page, and the page says no more than that it signs out
		this.mvc
			.perform(post("/logout").param("state", "consent-state").session(session).with(csrf().useInvalidToken()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(allOf(containsString("Sign out of the gateway?"),
					containsString(">Sign out</button>"), containsString("Back to connected apps"),
					containsString("name=\"state\" value=\"consent-state\""))));
		this.mvc.perform(post("/logout").session(session).with(csrf())).andExpect(redirectedUrl("/signed-out"));
		assertThat(session.isInvalid()).isTrue();
	}

	@Test
	void signOutLinkWhenSignedInThenAskedWithAFormAndWhenNotThenAlreadySignedOut() throws Exception {
		this.mvc.perform(get("/logout").session(signedIn(this.alice)))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(content().string(allOf(containsString("Sign out of the gateway?"),
					containsString("action=\"/logout\""), containsString("name=\"_csrf\""))));
		// not the sign-in page, which would start a Deferno sign-in
		this.mvc.perform(get("/logout")).andExpect(redirectedUrl("/signed-out"));
	}

	@Test
	void signedOutPageWhenStillSignedInThenItSaysSoWithTheWayToSignOut() throws Exception {
		// where a sign-out posted from another site, without the session's cookie, ends
		this.mvc.perform(get("/signed-out").session(signedIn(this.alice)))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("You are still signed in"), containsString("alice"),
					containsString("href=\"/logout\""), not(containsString("You are signed out")))));
	}

	@Test
	void disconnectWhenAnotherPersonsGrantThenNotFoundAndGrantKept() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		this.mvc
			.perform(post("/connected-apps/{id}/disconnect", ConnectedApps.handleOf(authorization))
				.with(authentication(this.bob))
				.with(csrf()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(allOf(containsString("That app is not connected to your account"),
					containsString("No apps are connected"))));
		assertThat(this.authorizations.findById(authorization.getId())).isNotNull();
	}

	@Test
	void pageWhenListingAnAppThenNamesItByItsHandleNeverByTheGrantIdItsRefreshTokensCarry() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		this.mvc.perform(get("/connected-apps").with(authentication(this.alice)))
			.andExpect(status().isOk())
			.andExpect(content().string(
					allOf(containsString("/connected-apps/" + ConnectedApps.handleOf(authorization) + "/disconnect"),
							not(containsString(authorization.getId())))));
	}

	@Test
	void disconnectWhenGivenTheGrantIdInsteadOfTheHandleThenNotFoundAndGrantKept() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		this.mvc
			.perform(post("/connected-apps/{id}/disconnect", authorization.getId()).with(authentication(this.alice))
				.with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(this.authorizations.findById(authorization.getId())).isNotNull();
	}

	@Test
	void disconnectWhenIdBlankOrNotAHandleThenNotFound() throws Exception {
		for (String id : new String[] { " ", "\t", "}x{", "x".repeat(65), "0".repeat(64) }) {
			this.mvc.perform(post("/connected-apps/{id}/disconnect", id).with(authentication(this.alice)).with(csrf()))
				.andExpect(status().isNotFound())
				.andExpect(content().string(containsString("That app is not connected")));
		}
	}

	@Test
	void pageWhenNotSignedInThenSentToLogin() throws Exception {
		this.mvc.perform(get("/connected-apps"))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", endsWith("/login")));
	}

	@Test
	void signOutWhenPostedWithTheTokenThenSessionEndsOnAPageSayingSoAndTheGrantsStay() throws Exception {
		OAuth2Authorization authorization = grant(this.alice);
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-signed-in", null), TestVaults.SIGN_IN_IDLE);
		MockHttpSession session = signedIn(new DefernoAuthenticationToken(this.alice.getPrincipal(), handle));
		this.mvc.perform(get("/connected-apps").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("action=\"/logout\""), containsString("Sign out"))));

		this.mvc.perform(post("/logout").session(session)).andExpect(status().isForbidden());
		assertThat(session.isInvalid()).isFalse();
		this.mvc.perform(post("/logout").session(session).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/signed-out"));
		assertThat(session.isInvalid()).isTrue();
		// the Deferno token kept for this sign-in's approvals went with it; the grant's
		// own copy stays
		assertThat(this.vault.forSignIn(handle)).isEmpty();
		assertThat(this.vault.forGrant(authorization.getId())).isPresent();
		this.mvc.perform(get("/signed-out"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(content().string(
					allOf(containsString("You are signed out"), containsString("Apps you connected keep working"))));
		assertThat(this.authorizations.findById(authorization.getId())).isNotNull();
		// signing out again once the session is gone: already done, not "expired"
		this.mvc.perform(post("/logout").with(csrf().useInvalidToken()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/signed-out"));
	}

	private static MockHttpSession signedIn(DefernoAuthenticationToken person) {
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(person));
		return session;
	}

}
