package com.defernowork.gateway.auth.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingRequestsTests {

	private final AtomicLong nanos = new AtomicLong();

	private final WaitingRequests waiting = new WaitingRequests(new MemoryKeyValueStore(this.nanos::get));

	@Test
	void signInForWhenTwoRequestsWaitThenEachIsFoundByItsOwnKeyAgainAndAgainUntilAMinutePasses() {
		String first = this.waiting.signInFor(authorize("client_id=one&state=a"), "/oauth2/authorization/deferno");
		String second = this.waiting.signInFor(authorize("client_id=two&state=b"), "/oauth2/authorization/deferno");

		assertThat(first).matches("/oauth2/authorization/deferno\\?request=[\\w-]{22}").isNotEqualTo(second);
		assertThat(this.waiting.authorizeUrl(key(first)))
			.isEqualTo("http://gateway.example/oauth2/authorize?client_id=one&state=a&continue");
		assertThat(this.waiting.authorizeUrl(key(second))).contains("client_id=two");
		// a start tried again after a failure finds it as well
		this.nanos.addAndGet(WaitingRequests.KEPT.minusSeconds(1).toNanos());
		assertThat(this.waiting.authorizeUrl(key(first))).contains("client_id=one");
		this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(this.waiting.authorizeUrl(key(first))).isNull();
	}

	@Test
	void signInForWhenAFormPostedThenItsParametersWaitAsAGetAndAnythingElseWaitsNot() {
		MockHttpServletRequest post = new MockHttpServletRequest("POST", "/oauth2/authorize");
		post.setServerName("gateway.example");
		post.setServerPort(80);
		post.setContentType("application/x-www-form-urlencoded");
		post.addParameter("client_id", "one");
		post.addParameter("state", "a+b c&d");
		String signIn = this.waiting.signInFor(post, "/oauth2/authorization/deferno");
		assertThat(this.waiting.authorizeUrl(key(signIn)))
			.isEqualTo("http://gateway.example/oauth2/authorize?client_id=one&state=a%2Bb+c%26d&continue");

		post.setContentType("application/json");
		assertThat(this.waiting.signInFor(post, "/oauth2/authorization/deferno"))
			.isEqualTo("/oauth2/authorization/deferno");
		assertThat(this.waiting.authorizeUrl("unknown")).isNull();
		assertThat(this.waiting.authorizeUrl("../signin:request:x")).isNull();
		assertThat(this.waiting.authorizeUrl("")).isNull();
	}

	private static MockHttpServletRequest authorize(String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
		request.setServerName("gateway.example");
		request.setServerPort(80);
		request.setQueryString(query);
		return request;
	}

	private static String key(String signIn) {
		return signIn.substring(signIn.indexOf('=') + 1);
	}

}
