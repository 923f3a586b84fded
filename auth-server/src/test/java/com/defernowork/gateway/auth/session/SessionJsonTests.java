package com.defernowork.gateway.auth.session;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a session keeps survives the trip through JSON; what is not allow-listed is never
 * instantiated.
 */
class SessionJsonTests {

	private final SessionJson json = new SessionJson();

	@Test
	void signedInPersonWhenWrittenAndReadThenSameAuthentication() {
		DefernoAuthenticationToken alice = new DefernoAuthenticationToken(new DefernoUser("42", "alice", "Alice"),
				"handle-1");
		SecurityContext read = (SecurityContext) roundTrip(new SecurityContextImpl(alice));
		assertThat(read.getAuthentication()).isEqualTo(alice);
		assertThat(read.getAuthentication().getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
	}

	@Test
	void savedAuthorizationRequestWhenWrittenAndReadThenSameRedirect() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
		request.setQueryString("response_type=code&client_id=c1&state=" + "s".repeat(2000));
		request.addParameter("response_type", "code");
		request.addParameter("client_id", "c1");
		request.addHeader("Accept", "text/html");
		new HttpSessionRequestCache().saveRequest(request, new MockHttpServletResponse());
		SavedRequest saved = (SavedRequest) request.getSession().getAttribute("SPRING_SECURITY_SAVED_REQUEST");
		SavedRequest read = (SavedRequest) roundTrip(saved);
		assertThat(read).isInstanceOf(DefaultSavedRequest.class);
		assertThat(read.getRedirectUrl()).isEqualTo(saved.getRedirectUrl());
	}

	@Test
	void csrfTokenWhenWrittenAndReadThenSameToken() {
		DefaultCsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0k3n");
		assertThat(((DefaultCsrfToken) roundTrip(token)).getToken()).isEqualTo("t0k3n");
	}

	@Test
	void signInCheckTimeWhenWrittenAndReadThenSameMillis() {
		// SignInChecks keeps epoch milliseconds, past an int's range
		long millis = 1_796_000_000_000L;
		assertThat(roundTrip(millis)).isInstanceOf(Number.class)
			.extracting((read) -> ((Number) read).longValue())
			.isEqualTo(millis);
	}

	@Test
	void valueWhenTypeNotAllowListedThenDroppedNotInstantiated() {
		String gadget = """
				["java.util.ArrayList",[{"@class":"java.net.URL","protocol":"http","host":"example.com"}]]""";
		assertThat(this.json.deserialize(gadget.getBytes(StandardCharsets.UTF_8))).isNull();
		String unknown = "{\"@class\":\"com.example.Gone\",\"x\":1}";
		assertThat(this.json.deserialize(unknown.getBytes(StandardCharsets.UTF_8))).isNull();
	}

	@Test
	void timestampsWhenWrittenAndReadThenLongAndInteger() {
		assertThat(roundTrip(1_795_000_000_000L)).isEqualTo(1_795_000_000_000L);
		assertThat(roundTrip(300)).isEqualTo(300);
	}

	private Object roundTrip(Object value) {
		return this.json.deserialize(this.json.serialize(value));
	}

}
