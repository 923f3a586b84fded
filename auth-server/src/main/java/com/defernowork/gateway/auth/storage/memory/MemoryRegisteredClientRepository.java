package com.defernowork.gateway.auth.storage.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.defernowork.gateway.auth.config.NewClients;
import com.defernowork.gateway.auth.config.StaticClients;
import com.defernowork.gateway.auth.storage.IdleClients;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Registered clients in a map; unlike the framework's in-memory repository it may start
 * empty. Like the Redis store, a client not looked up for {@code idleTtl} is reaped
 * unless it is {@link StaticClients static}, and a {@link NewClients unclaimed} one
 * {@code unclaimedTtl} after it was saved, lookups or not: lookups no longer find it, and
 * the next {@link #reap() sweep} removes it and what {@link #onReaped goes with it}.
 */
public final class MemoryRegisteredClientRepository implements RegisteredClientRepository, IdleClients {

	private final Map<String, Entry> byId = new ConcurrentHashMap<>();

	private final Map<String, String> idByClientId = new ConcurrentHashMap<>();

	private final Duration idleTtl;

	private Duration unclaimedTtl;

	private final Clock clock;

	private Consumer<String> reapedIds = (id) -> {
	};

	public MemoryRegisteredClientRepository(Duration idleTtl, Clock clock) {
		this.idleTtl = idleTtl;
		this.unclaimedTtl = idleTtl;
		this.clock = clock;
	}

	/**
	 * How long a {@link NewClients unclaimed} client lives at most; the idle time to live
	 * if unset.
	 */
	public void setUnclaimedTtl(Duration unclaimedTtl) {
		this.unclaimedTtl = unclaimedTtl;
	}

	/** What else goes with a reaped client, told its registered id. */
	void onReaped(Consumer<String> reapedIds) {
		this.reapedIds = reapedIds;
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		Assert.notNull(registeredClient, "registeredClient cannot be null");
		Entry previous = this.byId.put(registeredClient.getId(), new Entry(registeredClient, this.clock.instant()));
		if (previous != null) {
			this.idByClientId.remove(previous.client().getClientId());
		}
		this.idByClientId.put(registeredClient.getClientId(), registeredClient.getId());
	}

	@Override
	public RegisteredClient findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		Entry entry = this.byId.get(id);
		Instant now = this.clock.instant();
		if (entry == null || isIdle(entry, now)) {
			return null;
		}
		if (!NewClients.isUnclaimed(entry.client())) {
			this.byId.replace(id, entry, new Entry(entry.client(), now));
		}
		return entry.client();
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		Assert.hasText(clientId, "clientId cannot be empty");
		String id = this.idByClientId.get(clientId);
		return (id != null) ? findById(id) : null;
	}

	@Override
	public List<String> reap() {
		Instant now = this.clock.instant();
		List<String> reaped = new ArrayList<>();
		this.byId.forEach((id, entry) -> {
			if (isIdle(entry, now) && this.byId.remove(id, entry)) {
				this.idByClientId.remove(entry.client().getClientId(), id);
				reaped.add(entry.client().getClientId());
				this.reapedIds.accept(id);
			}
		});
		return reaped;
	}

	private boolean isIdle(Entry entry, Instant now) {
		if (this.idleTtl == null || StaticClients.isStatic(entry.client())) {
			return false;
		}
		Duration ttl = NewClients.timeToLive(entry.client(), this.idleTtl, this.unclaimedTtl);
		return !entry.lastUsed().plus(ttl).isAfter(now);
	}

	private record Entry(RegisteredClient client, Instant lastUsed) {

	}

}
