package com.defernowork.gateway.auth.registration;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The client store, never without the resource server's client while it is configured: a
 * store can lose it (Redis restarted empty, failed over, flushed), and until it is back
 * the resource server's every call would fail as an unknown client, which it must take
 * for wrong credentials. A lookup that misses it registers it again under its fixed id
 * (servers restoring at once write equal registrations, the client before the pointer to
 * it). A lookup that finds it answers it as this server is configured: the stored copy is
 * written by whichever server started last, and one started with another
 * {@code RS_CLIENT_SECRET} would otherwise change the secret every server accepts.
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
