package com.defernowork.gateway.auth.registration;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The client store, never without the resource server's client while it is configured. A
 * store can lose it (Redis restarted empty, failed over to an empty replica, flushed);
 * until it is back, every introspection, token exchange and revocation of the resource
 * server would fail as an unknown client, which the resource server must take for wrong
 * credentials. So a lookup that misses it, by its client id or its fixed id, registers it
 * again as at start and answers with it. No other client is ever created here.
 *
 * <p>
 * A lookup that finds it answers it as this server is configured, under the stored id:
 * the stored copy is written by whichever server started last, so one started with
 * another {@code RS_CLIENT_SECRET} (a typo, or the first of a rolling rotation) would
 * otherwise change the secret every server accepts, and keep it changed after it stopped.
 *
 * <p>
 * Every server registers the same client under the same fixed id, and the stores write
 * the client before the pointer to it: servers restoring at once write equal
 * registrations, and nobody finds half of one. Within one server, lookups that miss at
 * once restore it once.
 */
final class RsClientRepository implements RegisteredClientRepository {

	private static final Logger logger = LoggerFactory.getLogger(RsClientRepository.class);

	private final RegisteredClientRepository store;

	private final RsClient rsClient;

	private final Lock restoring = new ReentrantLock();

	/** This server's registration under the stored id, built once per id. */
	private volatile RegisteredClient configured;

	RsClientRepository(RegisteredClientRepository store, RsClient rsClient) {
		this.store = store;
		this.rsClient = rsClient;
	}

	/**
	 * At start: registers the client, or brings the stored one up to the current settings
	 * and secret under its id.
	 */
	void register() {
		this.store.save(this.rsClient.registration(this.store.findByClientId(this.rsClient.clientId())));
	}

	@Override
	public void save(RegisteredClient client) {
		this.store.save(client);
	}

	@Override
	public RegisteredClient findById(String id) {
		RegisteredClient client = this.store.findById(id);
		if (client != null) {
			return asConfigured(client);
		}
		if (!id.equals(this.rsClient.fixedId())) {
			return null;
		}
		RegisteredClient restored = restore();
		// registered under an earlier id, which it keeps: this id names nothing
		return id.equals(restored.getId()) ? restored : null;
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		RegisteredClient client = this.store.findByClientId(clientId);
		if (client != null) {
			return asConfigured(client);
		}
		return clientId.equals(this.rsClient.clientId()) ? restore() : null;
	}

	/** The resource server's client as this server is configured; any other as stored. */
	private RegisteredClient asConfigured(RegisteredClient stored) {
		if (!stored.getClientId().equals(this.rsClient.clientId())) {
			return stored;
		}
		RegisteredClient known = this.configured;
		if (known == null || !known.getId().equals(stored.getId())) {
			known = this.rsClient.registration(stored);
			this.configured = known;
		}
		return known;
	}

	private RegisteredClient restore() {
		this.restoring.lock();
		try {
			// put back meanwhile by another request, or kept under an earlier id
			RegisteredClient stored = this.store.findByClientId(this.rsClient.clientId());
			if (stored != null) {
				return asConfigured(stored);
			}
			RegisteredClient client = this.rsClient.registration(null);
			this.store.save(client);
			logger.warn("The resource server's client {} was missing from the store (did Redis lose its data?); "
					+ "registered it again", client.getClientId());
			return client;
		}
		finally {
			this.restoring.unlock();
		}
	}

}
