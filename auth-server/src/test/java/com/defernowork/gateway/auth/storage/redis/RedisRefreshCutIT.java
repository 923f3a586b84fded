package com.defernowork.gateway.auth.storage.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RedisCutProxy;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.redis.RedisProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stalls or drops the connection right at the write of a refresh, so the server
 * cannot tell whether it happened and answers 503: the client's retry, as
 * {@code Retry-After} tells it, gets the same working token pair, nothing is revoked, and
 * the replaced access token no longer introspects active. A grant busy with another
 * request is answered 503 with {@code Retry-After} too. The production timeouts (2 s) and
 * refresh grace, which these cases are about.
 */
class RedisRefreshCutIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String RS_ID = "rs-cut";

	private static final String RS_SECRET = "rs-cut-0123456789-abcdefghijklmn-OPQRSTUVWXYZ";

	/** What the grant-write script is sent as: its SHA, once Redis has it cached. */
	private static final String GRANT_WRITE = GrantScripts.SAVE.getSha1();

	private static RedisProcess redis;

	private static RedisCutProxy proxy;

	private static RunningAuthServer server;

	private static AuthorizationCodeFlow flow;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		proxy = RedisCutProxy.to(redis.port());
		server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("REDIS_URL", proxy.url(), "auth.rs-client.id", RS_ID, "auth.rs-client.secret", RS_SECRET));
		flow = new AuthorizationCodeFlow(server.baseUrl());
	}

	@AfterAll
	static void stop() throws Exception {
		if (server != null) {
			server.close();
		}
		proxy.close();
		redis.close();
	}

	@Test
	void refreshWhenConnectionDropsAfterTheGrantWriteThenTheRetryGetsTheSameWorkingPair() {
		Grant grant = grant();
		proxy.dropAfter(GRANT_WRITE);
		HttpResponse<String> cut = flow.refresh(grant.clientId(), grant.refreshToken(), null);
		assertThat(proxy.done()).as("the grant write was cut").isTrue();
		assertThat(cut.statusCode()).as(cut.body()).isEqualTo(503);
		assertThat(cut.headers().firstValue("Retry-After")).isPresent();

		// the lock the cut request held must not keep its retries out
		Map<String, Object> retried = retry(grant, Duration.ZERO);
		assertSameWorkingPairAndOldAccessTokenInactive(grant, retried);
	}

	@Test
	void refreshWhenRedisStallsAtTheGrantWriteThenTheRetryAfterTheOutageAnswerGetsTheSameWorkingPair() {
		Grant grant = grant();
		// the write waits in Redis, the server gives up on it (and on the lock release)
		// after its timeouts, then Redis runs both
		proxy.before(GRANT_WRITE, () -> redis.cli("CLIENT", "PAUSE", "4000", "WRITE"));
		HttpResponse<String> cut = flow.refresh(grant.clientId(), grant.refreshToken(), null);
		assertThat(proxy.done()).as("the grant write was stalled").isTrue();
		assertThat(cut.statusCode()).as(cut.body()).isEqualTo(503);
		String retryAfter = cut.headers().firstValue("Retry-After").orElseThrow();

		Map<String, Object> retried = retry(grant, Duration.ofSeconds(Long.parseLong(retryAfter)));
		assertSameWorkingPairAndOldAccessTokenInactive(grant, retried);
	}

	@Test
	void refreshWhenTheGrantStaysBusyThen503RetryAfterSoonAndServedOnceFree() {
		Grant grant = grant();
		String lock = "deferno:auth:lock:grant:" + RotatedRefreshToken.familyOf(grant.refreshToken()).orElseThrow();
		redis.cli("SET", lock, "another-request", "PX", "20000");
		long started = System.nanoTime();
		HttpResponse<String> busy = flow.refresh(grant.clientId(), grant.refreshToken(), null);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
		assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(Json.parse(busy.body())).containsEntry("error", "temporarily_unavailable")
			.containsKey("error_description");
		assertThat(took).as("held before the answer").isLessThan(Duration.ofSeconds(5));

		redis.cli("DEL", lock);
		HttpResponse<String> served = flow.refresh(grant.clientId(), grant.refreshToken(), null);
		assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
	}

	/**
	 * Retries the refresh as a client told 503 does, after {@code wait}, until it is no
	 * longer told to wait; must be answered 200.
	 */
	private static Map<String, Object> retry(Grant grant, Duration wait) {
		AtomicReference<HttpResponse<String>> retried = new AtomicReference<>();
		await().pollDelay(wait).atMost(wait.plusSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
			retried.set(flow.refresh(grant.clientId(), grant.refreshToken(), null));
			return retried.get().statusCode() != 503;
		});
		assertThat(retried.get().statusCode()).as(retried.get().body()).isEqualTo(200);
		return Json.parse(retried.get().body());
	}

	private static void assertSameWorkingPairAndOldAccessTokenInactive(Grant grant, Map<String, Object> retried) {
		// the answer the cut request could not give, again: one pair, not two
		HttpResponse<String> again = flow.refresh(grant.clientId(), grant.refreshToken(), null);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		Map<String, Object> second = Json.parse(again.body());
		assertThat(second.get("access_token")).isEqualTo(retried.get("access_token"));
		assertThat(second.get("refresh_token")).isEqualTo(retried.get("refresh_token"));

		assertThat(active((String) retried.get("access_token"))).as("the new access token").isTrue();
		assertThat(active(grant.accessToken())).as("the replaced access token").isFalse();
		HttpResponse<String> next = flow.refresh(grant.clientId(), (String) retried.get("refresh_token"), null);
		assertThat(next.statusCode()).as("the new refresh token: %s", next.body()).isEqualTo(200);
	}

	private static boolean active(String accessToken) {
		HttpResponse<String> introspected = flow.introspect(accessToken, RS_ID, RS_SECRET);
		assertThat(introspected.statusCode()).as(introspected.body()).isEqualTo(200);
		return Boolean.TRUE.equals(Json.parse(introspected.body()).get("active"));
	}

	/** A public client signed in through as alice, with its first tokens. */
	private static Grant grant() {
		String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		// a browser of its own, signed in afresh
		String code = new AuthorizationCodeFlow(server.baseUrl())
			.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
		HttpResponse<String> issued = flow.exchangeCode(clientId, code, pkce, REDIRECT, null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		Map<String, Object> tokens = Json.parse(issued.body());
		return new Grant(clientId, (String) tokens.get("access_token"), (String) tokens.get("refresh_token"));
	}

	private record Grant(String clientId, String accessToken, String refreshToken) {
	}

}
