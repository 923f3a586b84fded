package com.defernowork.gateway.auth.storage.redis;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.redis.RedisMonitor;
import com.defernowork.gateway.testsupport.redis.RedisProcess;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store leaves in Redis and what a token check costs, on a Redis of the test's
 * own that nothing else touches: after a whole flow no token or code value is anywhere in
 * it, and an introspection is one round trip.
 */
class RedisStoreFootprintIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static RedisProcess redis;

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		server = RunningAuthServer.start(RunningAuthServer.freePort(), Map.of("REDIS_URL", redis.url(),
				"auth.rs-client.id", "rs-footprint", "auth.rs-client.secret", "s3cret"));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
		redis.close();
	}

	@Test
	void flowWhenAuthorizedExchangedRefreshedAndIntrospectedThenNoTokenNorCodeValueInAnyKey() {
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
		Map<String, Object> issued = ok(flow.exchangeCode(clientId, code, pkce, REDIRECT, null));
		Map<String, Object> refreshed = ok(flow.refresh(clientId, (String) issued.get("refresh_token"), null));
		assertThat(Json.parse(flow.introspect((String) refreshed.get("access_token"), "rs-footprint", "s3cret").body()))
			.containsEntry("active", true);
		assertThat(Json.parse(flow.introspect((String) issued.get("access_token"), "rs-footprint", "s3cret").body()))
			.containsEntry("active", false);

		Map<String, String> everything;
		try (RedisTestConnection connection = RedisTestConnection
			.observing(new RedisStandaloneConfiguration("127.0.0.1", redis.port()))) {
			everything = connection.dump();
		}
		assertThat(everything).isNotEmpty();
		for (String secret : List.of(code, (String) issued.get("access_token"), (String) issued.get("refresh_token"),
				(String) refreshed.get("access_token"), (String) refreshed.get("refresh_token"))) {
			assertThat(everything).allSatisfy((key, value) -> {
				assertThat(key).doesNotContain(secret);
				assertThat(value).doesNotContain(secret);
			});
		}
	}

	@Test
	void introspectWhenClientsAreWarmThenOneRoundTripAndNoWrite() {
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "alice");
		String access = (String) ok(flow.exchangeCode(clientId, code, pkce, REDIRECT, null)).get("access_token");
		flow.introspect(access, "rs-footprint", "s3cret");

		try (RedisMonitor monitor = RedisMonitor.on(redis)) {
			List<RedisMonitor.Command> commands = monitor
				.during(() -> assertThat(Json.parse(flow.introspect(access, "rs-footprint", "s3cret").body()))
					.containsEntry("active", true));

			List<RedisMonitor.Command> roundTrips = commands.stream()
				.filter(RedisMonitor.Command::isRoundTrip)
				.toList();
			assertThat(roundTrips).as("the token's introspection record")
				.singleElement()
				.satisfies((command) -> assertThat(command.name()).isEqualTo("GET"))
				.satisfies((command) -> assertThat(command.line()).contains("introspection:"));
			assertThat(commands).extracting(RedisMonitor.Command::name).doesNotContain("EXPIRE", "PEXPIRE", "SET");
		}
	}

	@Test
	void introspectWhenTokenUnknownThenItsRecordThenItsIndexAndNothingMore() {
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
		try (RedisMonitor monitor = RedisMonitor.on(redis)) {
			List<RedisMonitor.Command> commands = monitor
				.during(() -> assertThat(Json.parse(flow.introspect("no-such-token", "rs-footprint", "s3cret").body()))
					.containsEntry("active", false));

			assertThat(commands).filteredOn(RedisMonitor.Command::isRoundTrip)
				.extracting(RedisMonitor.Command::name)
				.containsExactly("GET", "GET");
		}
	}

	private static Map<String, Object> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Json.parse(response.body());
	}

}
