package com.defernowork.gateway.auth.cimd;

import java.util.HashMap;
import java.util.Map;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;
import com.defernowork.gateway.web.http.CallerNetwork;

/**
 * How many document fetches may run at once: in all, at most {@value #PER_SITE} per
 * {@link FetchSite}, so that one site, however slow or hostile, never holds the whole
 * capacity, and at most {@value #PER_CALLER} for the requests of one {@link CallerNetwork
 * caller's network}, so that one attacker naming slow documents on many sites (cheap:
 * free subdomains under as many public suffixes, IPv6 addresses) cannot hold it either. A
 * fetch without a free permit is refused at once, never queued: a queue would make
 * everyone wait behind the slowest site.
 */
final class FetchPermits {

	/** A site publishes few documents, and requests for one document share a fetch. */
	static final int PER_SITE = 2;

	/**
	 * Enough for the people behind one address: requests for one document share a fetch.
	 */
	static final int PER_CALLER = 2;

	private final int total;

	private final Map<String, Integer> running = new HashMap<>();

	private final Map<String, Integer> forCallers = new HashMap<>();

	private int inAll;

	FetchPermits(int total) {
		this.total = total;
	}

	/**
	 * A permit for one fetch from the site, to be closed when the fetch ends.
	 * @param caller the network the request needing the document came from, or null
	 * outside a request
	 * @throws ClientDocumentException ({@link Reason#UNAVAILABLE}) when there is none
	 */
	synchronized Permit acquire(String site, String caller) {
		if (this.inAll >= this.total) {
			throw busy("this server is fetching too many client metadata documents at once; try again in a moment.");
		}
		if (caller != null && this.forCallers.getOrDefault(caller, 0) >= PER_CALLER) {
			throw busy("this server is already fetching " + PER_CALLER
					+ " client metadata documents for requests from your network at once; try again in a moment.");
		}
		if (this.running.getOrDefault(site, 0) >= PER_SITE) {
			throw busy("this server is already fetching " + PER_SITE + " client metadata documents from " + site
					+ " at once; try again in a moment.");
		}
		this.running.merge(site, 1, Integer::sum);
		if (caller != null) {
			this.forCallers.merge(caller, 1, Integer::sum);
		}
		this.inAll++;
		return () -> release(site, caller);
	}

	private synchronized void release(String site, String caller) {
		this.inAll--;
		this.running.computeIfPresent(site, (name, count) -> (count > 1) ? count - 1 : null);
		if (caller != null) {
			this.forCallers.computeIfPresent(caller, (name, count) -> (count > 1) ? count - 1 : null);
		}
	}

	private static ClientDocumentException busy(String detail) {
		return ClientDocumentException.notFetched(Reason.UNAVAILABLE, detail);
	}

	@FunctionalInterface
	interface Permit extends AutoCloseable {

		@Override
		void close();

	}

}
