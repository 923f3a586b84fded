package com.defernowork.gateway.auth.cimd;

import java.util.HashMap;
import java.util.Map;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;

/**
 * How many document fetches may run at once: in all, and at most {@value #PER_SITE} per
 * {@link FetchSite}, so that one site, however slow or hostile, never holds the whole
 * capacity. A fetch without a free permit is refused at once, never queued: a queue would
 * make everyone wait behind the slowest site.
 */
final class FetchPermits {

	/**
	 * Enough for the few documents one site publishes: concurrent requests for the same
	 * document share one fetch.
	 */
	static final int PER_SITE = 2;

	private final int total;

	private final Map<String, Integer> running = new HashMap<>();

	private int inAll;

	FetchPermits(int total) {
		this.total = total;
	}

	/**
	 * A permit for one fetch from the site, to be closed when the fetch ends.
	 * @throws ClientDocumentException ({@link Reason#UNAVAILABLE}) when there is none
	 */
	synchronized Permit acquire(String site) {
		if (this.inAll >= this.total) {
			throw busy("this server is fetching too many client metadata documents at once; try again in a moment.");
		}
		int ofSite = this.running.getOrDefault(site, 0);
		if (ofSite >= PER_SITE) {
			throw busy("this server is already fetching " + PER_SITE + " client metadata documents from " + site
					+ " at once; try again in a moment.");
		}
		this.running.put(site, ofSite + 1);
		this.inAll++;
		return () -> release(site);
	}

	private synchronized void release(String site) {
		this.inAll--;
		this.running.computeIfPresent(site, (name, count) -> (count > 1) ? count - 1 : null);
	}

	private static ClientDocumentException busy(String detail) {
		return ClientDocumentException.notFetched(Reason.UNAVAILABLE, detail);
	}

	/** One running fetch. */
	@FunctionalInterface
	interface Permit extends AutoCloseable {

		@Override
		void close();

	}

}
