package com.defernowork.gateway.auth.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.auth.storage.StorageFixtures;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server's client is put back by the lookup that misses it, exactly as
 * registered at start, and no other client ever is.
 */
class RsClientRepositoryTests {

	private static final String SECRET = "rs-client-repository-tests-secret-0123456789-abcdef";

	private final ClientSecretEncoder secrets = new ClientSecretEncoder();

	private final RsClient rsClient = new RsClient(new AuthProperties.RsClient("rs-test", SECRET),
			() -> TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(7)).build(), this.secrets);

	private final LosableStore store = new LosableStore();

	private final RsClientRepository clients = new RsClientRepository(this.store, this.rsClient);

	@Test
	void findByClientIdWhenStoreLostItThenPutBackAsRegisteredAtStart() {
		this.clients.register();
		RegisteredClient atStart = this.store.findByClientId("rs-test");
		this.store.lose();

		RegisteredClient found = this.clients.findByClientId("rs-test");

		assertThat(found).isNotNull();
		assertThat(this.store.findByClientId("rs-test")).isEqualTo(found);
		assertThat(found.getId()).isEqualTo(atStart.getId()).isEqualTo(this.rsClient.fixedId());
		assertThat(found.getClientSecret()).isEqualTo(atStart.getClientSecret());
		assertThat(this.secrets.matches(SECRET, found.getClientSecret())).isTrue();
		assertThat(found.getClientAuthenticationMethods()).isEqualTo(atStart.getClientAuthenticationMethods());
		assertThat(found.getAuthorizationGrantTypes()).isEqualTo(atStart.getAuthorizationGrantTypes());
		assertThat(found.getClientSettings()).isEqualTo(atStart.getClientSettings());
		assertThat(found.getTokenSettings()).isEqualTo(atStart.getTokenSettings());
		assertThat(StaticClients.isStatic(found)).isTrue();
	}

	@Test
	void findByIdWhenStoreLostItThenPutBack() {
		RegisteredClient found = this.clients.findById(this.rsClient.fixedId());

		assertThat(found).isNotNull();
		assertThat(found.getClientId()).isEqualTo("rs-test");
		assertThat(this.store.findById(this.rsClient.fixedId())).isEqualTo(found);
	}

	@Test
	void findWhenAnotherClientIsMissingThenNothingCreated() {
		RegisteredClient other = StorageFixtures.publicClient();

		assertThat(this.clients.findByClientId(other.getClientId())).isNull();
		assertThat(this.clients.findById(other.getId())).isNull();
		assertThat(this.clients.findById("rs-test")).isNull();
		assertThat(this.store.saves.get()).isZero();
	}

	@Test
	void findByIdWhenKeptUnderAnEarlierIdThenTheFixedIdNamesNothingAndNoSecondCopy() {
		this.store.save(RegisteredClient.from(this.rsClient.registration(null)).id("earlier").build());
		this.store.saves.set(0);

		assertThat(this.clients.findById(this.rsClient.fixedId())).isNull();
		assertThat(this.clients.findByClientId("rs-test").getId()).isEqualTo("earlier");
		this.clients.register();
		assertThat(this.store.findByClientId("rs-test").getId()).isEqualTo("earlier");
		assertThat(this.store.byId).containsOnlyKeys("earlier");
	}

	@Test
	void findByClientIdWhenManyMissItAtOnceThenPutBackOnce() throws Exception {
		int threads = 16;
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<RegisteredClient>> lookups = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			lookups.add(() -> {
				start.await();
				return this.clients.findByClientId("rs-test");
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<RegisteredClient>> answers = new ArrayList<>();
			for (Callable<RegisteredClient> lookup : lookups) {
				answers.add(pool.submit(lookup));
			}
			start.countDown();
			for (Future<RegisteredClient> answer : answers) {
				assertThat(answer.get().getId()).isEqualTo(this.rsClient.fixedId());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.store.saves.get()).isEqualTo(1);
	}

	/** A client store that can lose everything, as Redis restarted empty does. */
	private static final class LosableStore implements RegisteredClientRepository {

		private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();

		private final AtomicInteger saves = new AtomicInteger();

		@Override
		public void save(RegisteredClient client) {
			this.saves.incrementAndGet();
			this.byId.put(client.getId(), client);
		}

		@Override
		public RegisteredClient findById(String id) {
			return this.byId.get(id);
		}

		@Override
		public RegisteredClient findByClientId(String clientId) {
			return this.byId.values()
				.stream()
				.filter((client) -> client.getClientId().equals(clientId))
				.findFirst()
				.orElse(null);
		}

		void lose() {
			this.byId.clear();
		}

	}

}
