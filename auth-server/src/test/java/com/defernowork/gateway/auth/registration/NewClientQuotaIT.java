package com.defernowork.gateway.auth.registration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registrations per caller network and hour (real HTTP, the caller's address forwarded in
 * {@code X-Forwarded-For} as nginx sends it): counted across auth servers sharing a
 * Redis, and in memory without one; a count Redis cannot keep does not stop registering.
 */
@ExtendWith(OutputCaptureExtension.class)
class NewClientQuotaIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private final HttpClient http = HttpClient.newHttpClient();

	private final String prefix = TestRedis.uniquePrefix("auth-registration-quota");

	private final List<RunningAuthServer> servers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.servers.forEach(RunningAuthServer::close);
		AuthServerTestBase.deleteKeys(this.prefix);
	}

	@Test
	void registerWhenANetworkHadItsRegistrationsOfTheHourOnAnyServerThen429WithRetryAfterAndOtherNetworksStillRegister(
			CapturedOutput output) {
		String first = redisServer(3);
		String second = redisServer(3);
		assertThat(register(first, "2001:db8:1:1::1").statusCode()).isEqualTo(201);
		assertThat(register(second, "2001:db8:1:2::1").statusCode()).isEqualTo(201);
		// metadata refused before counting: a client correcting itself uses up nothing
		assertThat(register(first, "2001:db8:1:5::1", "{\"redirect_uris\":[]}").statusCode()).isEqualTo(400);
		assertThat(register(first, "2001:db8:1:ffff::9").statusCode()).isEqualTo(201);

		HttpResponse<String> refused = register(second, "2001:db8:1:3::1");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, NewClientQuota.PERIOD.toSeconds()));
		assertThat(refused.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("application/json"));
		Map<String, Object> error = Json.parse(refused.body());
		assertThat(error).containsEntry("error", "temporarily_unavailable");
		assertThat((String) error.get("error_description")).contains("at most 3 new clients an hour from one network")
			.contains("retry in " + refused.headers().firstValue("Retry-After").orElseThrow() + " seconds");
		assertThat(register(first, "2001:db8:1:4::1").statusCode()).isEqualTo(429);
		// a WARN naming the network as it is counted, once per server within the
		// interval however many follow
		assertThat(register(first, "2001:db8:1:6::1").statusCode()).isEqualTo(429);
		String refusal = "Refused a new client from 20010db80001::/48 (429): that network added 3 this clock hour "
				+ "(AUTH_REGISTRATIONS_PER_HOUR)";
		assertThat(output.getAll().split(java.util.regex.Pattern.quote(refusal), -1)).as(output.getAll()).hasSize(3);

		assertThat(register(first, "2001:db8:2::1").statusCode()).isEqualTo(201);
		assertThat(register(second, "198.51.100.7").statusCode()).isEqualTo(201);
		// the operator's own network (a proxy that does not forward) is nobody's count
		for (int i = 0; i < 4; i++) {
			assertThat(
					new RegistrationClient(first).register(RegistrationClient.inspectorRequest(REDIRECT)).statusCode())
				.isEqualTo(201);
		}
		LettuceConnectionFactory connections = AuthServerTestBase.testRedisConnections();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(connections);
			String key = this.prefix + "new-client:count:20010db80001::/48:" + hour();
			assertThat(redis.opsForValue().get(key)).isEqualTo("6");
			assertThat(redis.getExpire(key)).isBetween(1L, NewClientQuota.PERIOD.toSeconds());
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void registerWhenMemoryStorageAndANetworkHadItsRegistrationsThen429() {
		String server = start(Map.of("auth.storage", "memory", "auth.registration.per-network-per-hour", 2));
		assertThat(register(server, "203.0.113.7").statusCode()).isEqualTo(201);
		assertThat(register(server, "203.0.113.7").statusCode()).isEqualTo(201);
		assertThat(register(server, "203.0.113.7").statusCode()).isEqualTo(429);
		assertThat(register(server, "203.0.113.8").statusCode()).isEqualTo(201);
	}

	@Test
	void registerWhenRedisCannotCountThenRegisteredAnyway() {
		String server = redisServer(1);
		LettuceConnectionFactory connections = AuthServerTestBase.testRedisConnections();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(connections);
			// a value INCR refuses (WRONGTYPE), for this hour and the next in case it
			// turns
			for (long hour = hour(); hour <= hour() + 1; hour++) {
				redis.opsForHash().put(this.prefix + "new-client:count:20010db80009::/48:" + hour, "not", "a count");
			}
		}
		finally {
			connections.destroy();
		}
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = register(server, "2001:db8:9::1");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		}
	}

	private static long hour() {
		return System.currentTimeMillis() / NewClientQuota.PERIOD.toMillis();
	}

	private String redisServer(int perHour) {
		return start(Map.of("auth.storage", "redis", "spring.data.redis.url", TestRedis.url(), "auth.redis.key-prefix",
				this.prefix, "auth.registration.per-network-per-hour", perHour));
	}

	private String start(Map<String, Object> properties) {
		RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(), properties);
		this.servers.add(server);
		return server.baseUrl();
	}

	private HttpResponse<String> register(String server, String caller) {
		return register(server, caller, RegistrationClient.inspectorRequest(REDIRECT));
	}

	private HttpResponse<String> register(String server, String caller, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/oauth2/register"))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", caller)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
