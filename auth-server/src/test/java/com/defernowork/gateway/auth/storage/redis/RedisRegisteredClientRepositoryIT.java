package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.auth.storage.StorageFixtures;
import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RedisRegisteredClientRepositoryIT {

	private static final Duration IDLE = Duration.ofDays(30);

	private RedisTestConnection connection;

	private RedisRegisteredClientRepository clients;

	@BeforeEach
	void setUp() {
		this.connection = new RedisTestConnection("auth-clients");
		this.clients = new RedisRegisteredClientRepository(this.connection.redis, this.connection.keys(),
				new StorageJson(), IDLE);
	}

	@AfterEach
	void cleanUp() {
		this.connection.close();
	}

	private long ttlSeconds(String key) {
		return this.connection.redis.getExpire(key, TimeUnit.SECONDS);
	}

	@Test
	void findByClientIdWhenSavedThenEveryFieldAndSettingReadsBack() {
		RegisteredClient client = RegisteredClient.from(StorageFixtures.publicClient())
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(new AuthorizationGrantType("urn:ietf:params:oauth:grant-type:token-exchange"))
			.postLogoutRedirectUri("http://127.0.0.1/bye")
			.clientSettings(ClientSettings.builder()
				.requireProofKey(true)
				.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
				.setting("gateway.client_uri", "https://example.com")
				.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.authorizationCodeTimeToLive(Duration.ofMinutes(5))
				.refreshTokenTimeToLive(Duration.ofDays(30))
				.build())
			.build();
		this.clients.save(client);

		assertThat(this.clients.findByClientId(client.getClientId())).isEqualTo(client);
		assertThat(this.clients.findById(client.getId())).isEqualTo(client);
	}

	@Test
	void findByClientIdWhenStoredWithOneWayToSendItsSecretThenItReadsBackWithBoth() {
		// registered before a client with a secret could send it either way
		RegisteredClient client = RegisteredClient.withId("legacy-secret")
			.clientId("legacy-secret-client")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example/cb")
			.build();
		this.clients.save(client);
		// read from Redis, as another instance does
		RedisRegisteredClientRepository other = new RedisRegisteredClientRepository(this.connection.redis,
				this.connection.keys(), new StorageJson(), IDLE);

		assertThat(other.findByClientId("legacy-secret-client").getClientAuthenticationMethods())
			.containsExactlyInAnyOrder(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
					ClientAuthenticationMethod.CLIENT_SECRET_POST);
	}

	@Test
	void findByIdWhenLookedUpThenIdleExpiryStartsAgainAtMostOnceAMinute() {
		FakeTicker ticker = new FakeTicker();
		RedisRegisteredClientRepository clients = instance(ticker, java.time.Clock.systemUTC());
		RegisteredClient client = StorageFixtures.publicClient();
		clients.save(client);
		RedisKeys keys = this.connection.keys();
		assertThat(ttlSeconds(keys.client(client.getId()))).isCloseTo(IDLE.toSeconds(), within(5L));
		this.connection.redis.expire(keys.client(client.getId()), Duration.ofSeconds(100));
		this.connection.redis.expire(keys.clientId(client.getClientId()), Duration.ofSeconds(100));

		assertThat(clients.findByClientId(client.getClientId())).isNotNull();
		assertThat(ttlSeconds(keys.client(client.getId()))).as("saved less than a minute ago")
			.isLessThanOrEqualTo(100L);

		ticker.advance(Duration.ofSeconds(61));
		assertThat(clients.findByClientId(client.getClientId())).isNotNull();
		assertThat(ttlSeconds(keys.client(client.getId()))).isCloseTo(IDLE.toSeconds(), within(5L));
		assertThat(ttlSeconds(keys.clientId(client.getClientId()))).isCloseTo(IDLE.toSeconds(), within(5L));
	}

	@Test
	void findByClientIdWhenFreshInMemoryThenNoRedisReadUntilItGoesStale() {
		FakeTicker ticker = new FakeTicker();
		RedisRegisteredClientRepository clients = new RedisRegisteredClientRepository(this.connection.redis,
				this.connection.keys(), new StorageJson(), IDLE, Duration.ofSeconds(5), ticker,
				java.time.Clock.systemUTC());
		RegisteredClient client = StorageFixtures.publicClient();
		clients.save(client);
		assertThat(clients.findByClientId(client.getClientId())).isNotNull();
		// another instance re-registers it under a new name
		RedisRegisteredClientRepository other = new RedisRegisteredClientRepository(this.connection.redis,
				this.connection.keys(), new StorageJson(), IDLE);
		other.save(RegisteredClient.from(client).clientName("Renamed elsewhere").build());

		assertThat(clients.findByClientId(client.getClientId()).getClientName()).isEqualTo(client.getClientName());
		ticker.advance(Duration.ofSeconds(6));
		assertThat(clients.findByClientId(client.getClientId()).getClientName()).isEqualTo("Renamed elsewhere");
		assertThat(clients.findById(client.getId()).getClientName()).isEqualTo("Renamed elsewhere");
	}

	static final class FakeTicker implements com.github.benmanes.caffeine.cache.Ticker {

		private long nanos = 1;

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

		@Override
		public long read() {
			return this.nanos;
		}

	}

	@Test
	void saveWhenStaticThenNeverExpiresAndUpsertKeepsItThatWay() {
		RegisteredClient resourceServer = RegisteredClient.from(StorageFixtures.publicClient())
			.clientId("mcp-resource-server")
			.clientSettings(ClientSettings.builder().setting(StaticClients.SETTING, true).build())
			.build();
		RedisKeys keys = this.connection.keys();
		this.clients
			.save(RegisteredClient.from(resourceServer).clientSettings(ClientSettings.builder().build()).build());
		assertThat(ttlSeconds(keys.client(resourceServer.getId()))).isPositive();

		this.clients.save(resourceServer);
		this.clients.save(resourceServer);
		this.clients.findByClientId("mcp-resource-server");

		assertThat(ttlSeconds(keys.client(resourceServer.getId()))).isEqualTo(-1L);
		assertThat(ttlSeconds(keys.clientId("mcp-resource-server"))).isEqualTo(-1L);
		assertThat(this.clients.findByClientId("mcp-resource-server")).isEqualTo(resourceServer);
	}

	@Test
	void saveWhenClientIdChangedThenOldClientIdNoLongerFindsIt() {
		RegisteredClient client = StorageFixtures.publicClient();
		this.clients.save(client);
		this.clients.save(RegisteredClient.from(client).clientId("renamed-" + client.getClientId()).build());

		assertThat(this.clients.findByClientId(client.getClientId())).isNull();
		assertThat(this.clients.findByClientId("renamed-" + client.getClientId())).isNotNull();
	}

	@Test
	void findByIdWhenIdleTtlPassedThenGone() throws InterruptedException {
		RedisRegisteredClientRepository shortLived = new RedisRegisteredClientRepository(this.connection.redis,
				this.connection.keys(), new StorageJson(), Duration.ofMillis(300));
		RegisteredClient client = StorageFixtures.publicClient();
		shortLived.save(client);
		Thread.sleep(600);

		assertThat(shortLived.findById(client.getId())).isNull();
		assertThat(shortLived.findByClientId(client.getClientId())).isNull();
	}

	@Test
	void saveWhenNewClientThenExpiresAfterFirstTokenTtlLookupsOrNotUntilSavedAsGivenAToken() {
		RedisRegisteredClientRepository clients = instance(MutableClock.system());
		clients.setUnclaimedTtl(Duration.ofMinutes(10));
		RegisteredClient fresh = StorageFixtures.unclaimedPublicClient();
		clients.save(fresh);
		assertThat(clients.findByClientId(fresh.getClientId())).isNotNull();

		for (String key : List.of(this.connection.keys().client(fresh.getId()),
				this.connection.keys().clientId(fresh.getClientId()))) {
			assertThat(this.connection.redis.getExpire(key, TimeUnit.SECONDS)).as("after a lookup: " + key)
				.isBetween(Duration.ofMinutes(9).toSeconds(), Duration.ofMinutes(10).toSeconds());
		}
		clients.save(NewClients.claimed(fresh));
		assertThat(this.connection.redis.getExpire(this.connection.keys().client(fresh.getId()), TimeUnit.SECONDS))
			.isGreaterThan(IDLE.minusMinutes(1).toSeconds());
		assertThat(
				this.connection.redis.opsForZSet().score(this.connection.keys().clientExpiries(), fresh.getClientId()))
			.isGreaterThan((double) System.currentTimeMillis() + IDLE.minusMinutes(1).toMillis());
	}

	private RedisRegisteredClientRepository instance(MutableClock clock) {
		return instance(com.github.benmanes.caffeine.cache.Ticker.systemTicker(), clock);
	}

	/** An instance that reads Redis at every lookup, with its own ticker and clock. */
	private RedisRegisteredClientRepository instance(com.github.benmanes.caffeine.cache.Ticker ticker,
			java.time.Clock clock) {
		return new RedisRegisteredClientRepository(this.connection.redis, this.connection.keys(), new StorageJson(),
				IDLE, Duration.ZERO, ticker, clock);
	}

	@Test
	void reapWhenExpiredInRedisThenNamedOnceThoughTwoInstancesSweep() {
		MutableClock clock = MutableClock.system();
		RedisRegisteredClientRepository one = instance(clock);
		RedisRegisteredClientRepository two = instance(clock);
		RegisteredClient client = StorageFixtures.publicClient();
		one.save(client);
		assertThat(one.reap()).as("not due yet").isEmpty();
		// Redis reaps it: both keys expire together
		RedisKeys keys = this.connection.keys();
		this.connection.redis
			.delete(java.util.List.of(keys.client(client.getId()), keys.clientId(client.getClientId())));
		clock.advance(IDLE.plusSeconds(1));

		assertThat(one.reap()).containsExactly(client.getClientId());
		assertThat(two.reap()).isEmpty();
		assertThat(one.reap()).isEmpty();
	}

	@Test
	void reapWhenKeyOutlivedItsListedExpiryThenKeptAndListedAtTheKeysExpiry() {
		MutableClock clock = MutableClock.system();
		RedisRegisteredClientRepository clients = instance(clock);
		RegisteredClient client = StorageFixtures.publicClient();
		clients.save(client);
		clock.advance(IDLE.plusSeconds(1));

		assertThat(clients.reap()).isEmpty();
		Double due = this.connection.redis.opsForZSet()
			.score(this.connection.keys().clientExpiries(), client.getClientId());
		assertThat(due).as("put back for when its key expires").isNotNull();
		assertThat(due.longValue()).isCloseTo(clock.millis() + IDLE.toMillis(), within(10_000L));
		assertThat(clients.findByClientId(client.getClientId())).isEqualTo(client);
	}

	@Test
	void reapWhenRenamedThenNamedByItsNewIdAndWhenMadeStaticNever() {
		MutableClock clock = MutableClock.system();
		RedisRegisteredClientRepository clients = instance(clock);
		RegisteredClient renamed = StorageFixtures.publicClient();
		clients.save(renamed);
		clients.save(RegisteredClient.from(renamed).clientId("renamed-" + renamed.getClientId()).build());
		RegisteredClient madeStatic = StorageFixtures.publicClient();
		clients.save(madeStatic);
		clients.save(RegisteredClient.from(madeStatic)
			.clientSettings(ClientSettings.builder().setting(StaticClients.SETTING, true).build())
			.build());
		RedisKeys keys = this.connection.keys();
		this.connection.redis.delete(keys.clientId("renamed-" + renamed.getClientId()));
		clock.advance(IDLE.plusSeconds(1));

		assertThat(clients.reap()).containsExactly("renamed-" + renamed.getClientId());
		assertThat(clients.findByClientId(madeStatic.getClientId())).isNotNull();
	}

	@Test
	void findByClientIdWhenSavedBeforeExpiriesWereListedThenListedAtItsNextTouch() {
		FakeTicker ticker = new FakeTicker();
		RedisRegisteredClientRepository clients = instance(ticker, java.time.Clock.systemUTC());
		RegisteredClient client = StorageFixtures.publicClient();
		clients.save(client);
		String expiries = this.connection.keys().clientExpiries();
		this.connection.redis.opsForZSet().remove(expiries, client.getClientId());

		ticker.advance(Duration.ofSeconds(61));
		clients.findByClientId(client.getClientId());

		assertThat(this.connection.redis.opsForZSet().score(expiries, client.getClientId())).isNotNull();
	}

}
