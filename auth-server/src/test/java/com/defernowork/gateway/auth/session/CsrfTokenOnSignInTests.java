package com.defernowork.gateway.auth.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

import static org.assertj.core.api.Assertions.assertThat;

class CsrfTokenOnSignInTests {

	private static final DefernoAuthenticationToken ALICE = new DefernoAuthenticationToken(
			new DefernoUser("user-alice", "alice", "Alice"), "handle-1");

	private static final DefernoAuthenticationToken ALICE_AGAIN = new DefernoAuthenticationToken(
			new DefernoUser("user-alice", "alice", "Alice"), "handle-2");

	private static final DefernoAuthenticationToken BOB = new DefernoAuthenticationToken(
			new DefernoUser("user-bob", "bob", "Bob"), "handle-3");

	private final SessionCsrfTokens tokens = new SessionCsrfTokens();

	private final CsrfTokenOnSignIn strategy = new CsrfTokenOnSignIn(this.tokens);

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void onAuthenticationWhenTheSamePersonSignsInAgainThenTheTokenIsKept() {
		CsrfToken before = tokenOfSessionSignedInAs(ALICE);
		this.strategy.onAuthentication(ALICE_AGAIN, this.request, this.response);
		assertThat(this.tokens.loadToken(this.request)).isEqualTo(before);
	}

	@Test
	void onAuthenticationWhenAnotherPersonSignsInThenTheTokenIsRenewed() {
		// what keeps a sign-in the person did not make from using a token set before
		CsrfToken before = tokenOfSessionSignedInAs(ALICE);
		this.strategy.onAuthentication(BOB, this.request, this.response);
		assertThat(this.tokens.loadToken(this.request)).isNotEqualTo(before);
	}

	@Test
	void onAuthenticationWhenNoOneWasSignedInThenTheTokenIsRenewed() {
		CsrfToken before = tokenOfSessionSignedInAs(null);
		this.strategy.onAuthentication(ALICE, this.request, this.response);
		assertThat(this.tokens.loadToken(this.request)).isNotEqualTo(before);
	}

	private CsrfToken tokenOfSessionSignedInAs(DefernoAuthenticationToken person) {
		this.request.getSession(true);
		CsrfToken token = this.tokens.generateToken(this.request);
		this.tokens.saveToken(token, this.request, this.response);
		if (person != null) {
			SecurityContextHolder.getContext().setAuthentication(person);
		}
		return token;
	}

}
