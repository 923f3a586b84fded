package com.defernowork.gateway.auth.upstream;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;

class PendingSignInsTests {

	private final PendingSignIns pending = new PendingSignIns(new MemoryKeyValueStore(System::nanoTime));

	/** The names the session was ever given: Redis keeps a field for each. */
	private final Set<String> names = new HashSet<>();

	private final MockHttpSession session = new MockHttpSession() {

		@Override
		public void setAttribute(String name, Object value) {
			PendingSignInsTests.this.names.add(name);
			super.setAttribute(name, value);
		}

	};

	@Test
	void saveWhenManySignInsStartedThenTheSessionKeepsAFewNamesAndEachRecentOneIsFoundByItsState() {
		// the Redis session store keeps a field for every name a session ever had (a
		// removed one's empty): a name per state grew it by a field per sign-in started
		for (int i = 0; i < 100; i++) {
			this.pending.saveAuthorizationRequest(signIn("s" + i), request(null), new MockHttpServletResponse());
		}
		assertThat(this.names).hasSize(PendingSignIns.MAX_PENDING);
		assertThat(held()).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(PendingSignIns.MAX_PENDING);
		for (String state : new String[] { "s99", "s98", "s96" }) {
			assertThat(this.pending.loadAuthorizationRequest(request(state))).as(state)
				.extracting(OAuth2AuthorizationRequest::getState)
				.isEqualTo(state);
		}
	}

	@Test
	void saveWhenSignInsStartThenEachIsHeldOnceAndTheLatestWhereSpringsRepositoryReadsIt() {
		this.pending.saveAuthorizationRequest(signIn("tab1"), request(null), new MockHttpServletResponse());
		assertThat(held()).containsExactly("tab1");
		this.pending.saveAuthorizationRequest(signIn("tab2"), request(null), new MockHttpServletResponse());
		assertThat(held()).containsExactlyInAnyOrder("tab1", "tab2");

		// as a server of the previous version reads it, during a rolling upgrade
		HttpSessionOAuth2AuthorizationRequestRepository spring = new HttpSessionOAuth2AuthorizationRequestRepository();
		assertThat(spring.loadAuthorizationRequest(request("tab2"))).extracting(OAuth2AuthorizationRequest::getState)
			.isEqualTo("tab2");
		assertThat(this.pending.loadAuthorizationRequest(request("tab1")))
			.extracting(OAuth2AuthorizationRequest::getState)
			.isEqualTo("tab1");
	}

	@Test
	void saveWhenAServerOfThePreviousVersionHeldTheLatestTwiceThenNotCopiedAgainAndTheCallbackTakesBoth() {
		// that version wrote Spring's slot and a slot of its own
		this.session.setAttribute(PendingSignIns.LATEST, signIn("tab1"));
		this.session.setAttribute(PendingSignIns.class.getName() + ".slot.0", signIn("tab1"));
		this.pending.saveAuthorizationRequest(signIn("tab2"), request(null), new MockHttpServletResponse());
		assertThat(held()).containsExactlyInAnyOrder("tab1", "tab2");

		assertThat(this.pending.removeAuthorizationRequest(request("tab1"), new MockHttpServletResponse()))
			.extracting(OAuth2AuthorizationRequest::getState)
			.isEqualTo("tab1");
		assertThat(held()).containsExactly("tab2");
	}

	@Test
	void removeWhenTwoTabsSignInThenEachCallbackCompletesItsOwnAndFreesItsPlace() {
		this.pending.saveAuthorizationRequest(signIn("tab1"), request(null), new MockHttpServletResponse());
		this.pending.saveAuthorizationRequest(signIn("tab2"), request(null), new MockHttpServletResponse());

		assertThat(this.pending.removeAuthorizationRequest(request("tab1"), new MockHttpServletResponse()))
			.extracting(OAuth2AuthorizationRequest::getState)
			.isEqualTo("tab1");
		assertThat(this.pending.loadAuthorizationRequest(request("tab1"))).isNull();
		assertThat(this.pending.removeAuthorizationRequest(request("tab2"), new MockHttpServletResponse()))
			.extracting(OAuth2AuthorizationRequest::getState)
			.isEqualTo("tab2");
	}

	/** The states of the pending sign-ins the session holds, one per copy. */
	private List<String> held() {
		return Collections.list(this.session.getAttributeNames())
			.stream()
			.map(this.session::getAttribute)
			.filter(OAuth2AuthorizationRequest.class::isInstance)
			.map((signIn) -> ((OAuth2AuthorizationRequest) signIn).getState())
			.toList();
	}

	private MockHttpServletRequest request(String state) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/callback");
		request.setSession(this.session);
		if (state != null) {
			request.setParameter("state", state);
		}
		return request;
	}

	private static OAuth2AuthorizationRequest signIn(String state) {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://deferno.example/auth/native/authorize")
			.clientId("gateway")
			.redirectUri("https://gateway.example/login/callback")
			.state(state)
			.attributes((attributes) -> attributes.put("registration_id", "deferno"))
			.build();
	}

}
