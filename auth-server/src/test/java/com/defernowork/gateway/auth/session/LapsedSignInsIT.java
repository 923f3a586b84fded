package com.defernowork.gateway.auth.session;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.Pkce;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A signed-in session holds its sign-in's Deferno token its idle timeout more at each
 * authorization request; one outliving the token is signed out at the next authorization
 * request, which then sends the person to sign in again instead of approving a grant that
 * could not reach Deferno.
 */
@SpringBootTest(properties = "auth.storage=memory")
class LapsedSignInsIT {

	private static final String REDIRECT = "http://127.0.0.1:33418/callback";

	@Autowired
	WebApplicationContext context;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	TokenVault vault;

	@Autowired
	ScoredSets sets;

	@Autowired
	MutableClock clock;

	private MockMvc mvc;

	private RegisteredClient client;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		this.client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("lapsed-" + UUID.randomUUID())
			.clientName("Claude Code")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT)
			.scope("tasks:read")
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).requireProofKey(true).build())
			.build();
		this.clients.save(this.client);
	}

	@Test
	void authorizeWhenTheSignInsDefernoTokenIsGoneThenSignedOutAndSentToSignIn() throws Exception {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-lapsed", null), TestVaults.SIGN_IN_IDLE);
		MockHttpSession session = signedIn(handle);
		this.mvc.perform(authorize(session))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString("/consent?")));

		this.vault.deleteSignIn(handle);

		this.mvc.perform(authorize(session))
			.andExpect(status().is3xxRedirection())
			// straight to the sign-in at Deferno
			.andExpect(header().string("Location", matchesRegex(".*/oauth2/authorization/deferno\\?request=[\\w-]+")));
		assertThat(session.isInvalid()).isTrue();
	}

	@Test
	void authorizeWhenSignedInThenTheSignInIsHeldTheIdleTimeoutFromTheRequest() throws Exception {
		// held a minute at first; the clock is the application's, which other tests share
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-held", null), "t-held", "u-held",
				Duration.ofMinutes(1));
		long before = this.clock.millis();

		this.mvc.perform(authorize(signedIn(handle))).andExpect(status().is3xxRedirection());

		// AUTH_SESSION_SIGNED_IN_TIMEOUT's default, from the request
		Duration timeout = Duration.ofMinutes(30);
		assertThat(this.sets.highest("vault:holders:" + handle).getAsLong()).isBetween(before + timeout.toMillis(),
				this.clock.millis() + timeout.toMillis());
	}

	@Test
	void consentWhenTheSignInLapsedWhileThePageWasOpenThenAnsweredAndNotSignedOut() throws Exception {
		String handle = this.vault.storeSignIn(new DefernoCredential("dfr-lapsing", null), TestVaults.SIGN_IN_IDLE);
		MockHttpSession session = signedIn(handle);
		// as the browser follows it: already encoded
		String consent = this.mvc.perform(authorize(session)).andReturn().getResponse().getRedirectedUrl();
		String page = this.mvc.perform(get(URI.create(consent)).session(session).accept("text/html"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		this.vault.deleteSignIn(handle);

		MockHttpServletRequestBuilder answer = post("/oauth2/authorize").session(session)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("scope", "tasks:read");
		AuthorizationCodeFlow.hiddenFields(page, "approve").forEach(answer::param);

		// the pending grant holds its copy of the token already
		this.mvc.perform(answer)
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString(REDIRECT + "?code=")));
		assertThat(session.isInvalid()).isFalse();
	}

	private MockHttpSession signedIn(String handle) {
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, new SecurityContextImpl(
				new DefernoAuthenticationToken(new DefernoUser("u-" + UUID.randomUUID(), "alice", "Alice"), handle)));
		return session;
	}

	private RequestBuilder authorize(MockHttpSession session) {
		Pkce pkce = Pkce.s256();
		// the framework reads an authorization request from the query string
		String query = UriComponentsBuilder.newInstance()
			.queryParam("response_type", "code")
			.queryParam("client_id", this.client.getClientId())
			.queryParam("redirect_uri", REDIRECT)
			.queryParam("scope", "tasks:read")
			.queryParam("state", "s")
			.queryParam("code_challenge", pkce.challenge())
			.queryParam("code_challenge_method", "S256")
			.encode()
			.build()
			.getQuery();
		return get("/oauth2/authorize?" + query).session(session).accept("text/html");
	}

}
