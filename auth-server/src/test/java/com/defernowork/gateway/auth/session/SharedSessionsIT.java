package com.defernowork.gateway.auth.session;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth servers on one Redis, one browser: every step of the sign-in lands on the
 * other server than the step before, as behind a round-robin proxy, and the flow still
 * ends with a code. Sessions are stored as JSON.
 */
class SharedSessionsIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String PREFIX = TestRedis.uniquePrefix("auth-sessions");

	private static RunningAuthServer first;

	private static RunningAuthServer second;

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate redis;

	@BeforeAll
	static void startTwoServers() {
		int firstPort = RunningAuthServer.freePort();
		Map<String, Object> properties = Map.of("auth.storage", "redis", "spring.data.redis.url", TestRedis.url(),
				"auth.redis.key-prefix", PREFIX, "auth.issuer", "http://127.0.0.1:" + firstPort);
		first = RunningAuthServer.start(firstPort, properties);
		second = RunningAuthServer.start(RunningAuthServer.freePort(), properties);
		connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		connections.afterPropertiesSet();
		connections.start();
		redis = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void stop() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
		if (connections != null) {
			connections.destroy();
		}
		AuthServerTestBase.deleteKeys(PREFIX);
	}

	@Test
	void signInWhenEveryStepOnTheOtherServerThenCodeIssuedAndRedeemed() {
		String clientId = (String) new RegistrationClient(first.baseUrl()).registerPublic(REDIRECT).get("client_id");
		Browser browser = new Browser();
		AuthorizationCodeFlow onFirst = new AuthorizationCodeFlow(first.baseUrl(), browser);
		AuthorizationCodeFlow onSecond = new AuthorizationCodeFlow(second.baseUrl(), browser);
		Pkce pkce = Pkce.s256();

		HttpResponse<String> toSignIn = onFirst
			.authorize(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s1"));
		assertThat(toSignIn.statusCode()).isEqualTo(302);
		// the saved authorization request, read back by the other server
		HttpResponse<String> signedIn = onSecond.signIn("alice");
		assertThat(signedIn.statusCode()).isEqualTo(302);
		HttpResponse<String> toConsent = browser.get(on(first, Browser.location(signedIn)), "Accept", Browser.HTML);
		assertThat(Browser.location(toConsent)).contains("/consent");
		HttpResponse<String> page = browser.get(on(second, Browser.location(toConsent)), "Accept", Browser.HTML);
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> approved = onFirst.approve(page.body(),
				AuthorizationCodeFlow.requestedScopes(page.body()));
		Map<String, String> callback = AuthorizationCodeFlow.query(approved);
		assertThat(callback).containsKey("code").containsEntry("state", "s1");

		HttpResponse<String> tokens = onSecond.exchangeCode(clientId, callback.get("code"), pkce, REDIRECT, null);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
	}

	@Test
	void authorizeWhenSignedOutThenShortLivedJsonSessionWithLaxHttpOnlyCookie() {
		String clientId = (String) new RegistrationClient(first.baseUrl()).registerPublic(REDIRECT).get("client_id");
		HttpResponse<String> toSignIn = new AuthorizationCodeFlow(first.baseUrl())
			.authorize(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s2"));
		List<String> cookies = toSignIn.headers().allValues("Set-Cookie");
		assertThat(cookies).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith(SessionConfig.COOKIE_NAME + "=")
				.contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
				.doesNotContain("Secure"));

		Set<String> keys = redis.keys(PREFIX + "session:sessions:*");
		// named by the hash of the id the cookie carries, never by the id itself
		String cookie = cookies.get(0);
		String id = new String(
				Base64.getDecoder().decode(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))),
				StandardCharsets.UTF_8);
		assertThat(keys).contains(PREFIX + "session:sessions:" + TokenHashes.hash(id))
			.noneMatch((key) -> key.contains(id));
		for (String key : keys) {
			Long ttl = redis.getExpire(key);
			assertThat(ttl).as(key).isBetween(1L, 300L);
			Map<Object, Object> hash = redis.opsForHash().entries(key);
			hash.forEach((field, value) -> {
				// JSON, not a JDK serialization stream (0xACED)
				assertThat((String) value).as((String) field).doesNotStartWith("\u00ac\u00ed");
				if (((String) field).startsWith("sessionAttr:")) {
					assertThat((String) value).as((String) field).startsWith("{").contains("\"@class\"");
				}
			});
		}
	}

	private static String on(RunningAuthServer server, String location) {
		URI uri = URI.create(location);
		String pathAndQuery = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		return server.baseUrl() + pathAndQuery;
	}

}
