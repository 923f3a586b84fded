package com.defernowork.gateway.sandbox.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Everything the sandbox knows, in memory. One lock serialises every request's work on
 * it, which keeps multi-step operations (batches, cascades) atomic; the sandbox's load is
 * tiny.
 */
@Component
public final class SandboxStore {

	private final ReentrantLock lock = new ReentrantLock();

	public final Map<UUID, Account> accounts = new LinkedHashMap<>();

	public final Map<UUID, Org> orgs = new LinkedHashMap<>();

	public final Map<UUID, Item> items = new LinkedHashMap<>();

	public final Map<UUID, Comment> comments = new LinkedHashMap<>();

	public final Map<UUID, Attachment> attachments = new LinkedHashMap<>();

	public final Map<String, ApiToken> tokens = new LinkedHashMap<>();

	/** Daily plans keyed by {@code userId/date}: ordered item ids. */
	public final Map<String, List<UUID>> plans = new LinkedHashMap<>();

	/** Preferred time zone per user, persisted on first {@code tz} like the backend. */
	public final Map<UUID, String> timeZones = new LinkedHashMap<>();

	/** The UI settings a user changed, by name; the time zone is kept above. */
	public final Map<UUID, Map<String, Object>> settings = new LinkedHashMap<>();

	/**
	 * The zone a user's days are read in when a request names none: the saved one, else
	 * UTC.
	 */
	public ZoneId savedZone(UUID user) {
		String zone = this.timeZones.get(user);
		return (zone != null) ? ZoneId.of(zone) : ZoneOffset.UTC;
	}

	/**
	 * The {@code tz} a read of the plan or the calendar was sent: the backend saves the
	 * first one as the user's preference, and keeps a saved one.
	 */
	public void supplied(UUID user, ZoneId tz) {
		this.timeZones.putIfAbsent(user, tz.getId());
	}

	public <T> T locked(Supplier<T> work) {
		this.lock.lock();
		try {
			return work.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	public void locked(Runnable work) {
		locked(() -> {
			work.run();
			return null;
		});
	}

	public Optional<Org> orgBySlug(String slug) {
		return this.orgs.values().stream().filter((org) -> org.slug.equals(slug)).findFirst();
	}

	public Optional<Account> accountByUsername(String username) {
		return this.accounts.values().stream().filter((a) -> a.username().equals(username)).findFirst();
	}

	/**
	 * Items of the orgs the account belongs to: personal org first, then shared orgs,
	 * each by sequence.
	 */
	public List<Item> visibleItems(Account account) {
		List<Item> visible = new ArrayList<>();
		for (Item item : this.items.values()) {
			if (account.memberOf(item.org.id)) {
				visible.add(item);
			}
		}
		visible.sort(Comparator.comparing((Item item) -> !item.org.personal)
			.thenComparing((item) -> item.org.slug)
			.thenComparingInt((item) -> item.sequence));
		return visible;
	}

}
