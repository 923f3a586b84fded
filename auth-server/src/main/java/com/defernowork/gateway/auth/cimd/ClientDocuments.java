package com.defernowork.gateway.auth.cimd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.web.http.CallerNetwork;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Resolves a URL {@code client_id} to its validated metadata document: from the cache
 * while fresh, else fetched (conditionally when the cached copy has validators). Only
 * valid documents are cached, as long as {@link CachePolicy} says; one gone or turned
 * invalid is dropped, while a host merely unavailable leaves the stale copy to stand in
 * within the stale-if-error bound. Concurrent requests for one document on one instance
 * share one fetch.
 */
public final class ClientDocuments {

	private static final Logger logger = LoggerFactory.getLogger(ClientDocuments.class);

	private static final String REQUEST_ATTRIBUTE = ClientDocuments.class.getName() + ".";

	private final DocumentFetcher fetcher;

	private final KeyValueStore store;

	private final CachePolicy policy;

	private final Duration revalidationWindow;

	private final Duration fetchTimeout;

	private final JsonMapper json;

	private final Clock clock;

	private final ConcurrentMap<String, CompletableFuture<ClientDocument>> running = new ConcurrentHashMap<>();

	ClientDocuments(DocumentFetcher fetcher, KeyValueStore store, CachePolicy policy, Duration revalidationWindow,
			Duration fetchTimeout, JsonMapper json, Clock clock) {
		this.fetcher = fetcher;
		this.store = store;
		this.policy = policy;
		this.revalidationWindow = revalidationWindow;
		this.fetchTimeout = fetchTimeout;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The client's current document.
	 * @throws ClientDocumentException when the {@code client_id} is no valid document
	 * URL, or the document cannot be fetched or is invalid; the message says which, for
	 * the person who sees it
	 */
	public ClientDocument resolve(String clientId) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return resolveNow(clientId, null);
		}
		// one answer per request: the framework looks a client up several times, and a
		// document its host forbids keeping (no-store) would be fetched each time, and
		// might differ between them
		String attribute = REQUEST_ATTRIBUTE + clientId;
		Object seen = request.getAttribute(attribute, RequestAttributes.SCOPE_REQUEST);
		if (seen instanceof ClientDocument document) {
			return document;
		}
		if (seen instanceof ClientDocumentException refused) {
			throw refused;
		}
		try {
			String caller = (request instanceof ServletRequestAttributes servlet)
					? CallerNetwork.of(servlet.getRequest().getRemoteAddr()) : null;
			ClientDocument document = resolveNow(clientId, caller);
			request.setAttribute(attribute, document, RequestAttributes.SCOPE_REQUEST);
			return document;
		}
		catch (ClientDocumentException ex) {
			request.setAttribute(attribute, ex, RequestAttributes.SCOPE_REQUEST);
			throw ex;
		}
	}

	private ClientDocument resolveNow(String clientId, String caller) {
		ClientIdUrl url = ClientIdUrl.parse(clientId);
		String key = key(url);
		Known known = known(url, key);
		Instant now = this.clock.instant();
		if (known != null && now.isBefore(known.entry().freshUntil())) {
			return known.document();
		}
		try {
			return fetchOnce(url, key, known, caller);
		}
		catch (ClientDocumentException ex) {
			if (ex.reason() == Reason.UNAVAILABLE && known != null && now
				.isBefore(known.entry().freshUntil().plus(this.policy.staleIfError(known.entry().headers())))) {
				logger.debug("Client metadata document {} used stale: {}", url.value(), ex.getMessage());
				return known.document();
			}
			throw ex;
		}
	}

	/** Fetches the document, or waits for the fetch of it already running here. */
	private ClientDocument fetchOnce(ClientIdUrl url, String key, Known known, String caller) {
		CompletableFuture<ClientDocument> mine = new CompletableFuture<>();
		CompletableFuture<ClientDocument> other = this.running.putIfAbsent(key, mine);
		if (other != null) {
			return await(other);
		}
		try {
			ClientDocument document = refresh(url, key, (known != null) ? known.entry() : null, caller);
			mine.complete(document);
			return document;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.running.remove(key, mine);
		}
	}

	private ClientDocument refresh(ClientIdUrl url, String key, CachedDocument cached, String caller) {
		FetchedDocument fetched;
		try {
			fetched = this.fetcher.fetch(url, (cached != null) ? cached.headers() : CacheHeaders.NONE, caller);
		}
		catch (ClientDocumentException ex) {
			logger.debug("Client metadata document {} not fetched: {}", url.value(), ex.getMessage());
			if (ex.reason() != Reason.UNAVAILABLE) {
				this.store.delete(key);
			}
			throw ex;
		}
		CacheHeaders headers = fetched.notModified() ? cached.headers().updatedBy(fetched.headers())
				: fetched.headers();
		ClientDocument document;
		try {
			document = fetched.notModified() ? ClientDocument.parse(url, cached.json())
					: ClientDocument.parse(url, fetched.body());
		}
		catch (ClientDocumentException ex) {
			logger.debug("Client metadata document {} refused: {}", url.value(), ex.getMessage());
			this.store.delete(key);
			throw ex;
		}
		store(key, document.json(), headers);
		return document;
	}

	private void store(String key, String document, CacheHeaders headers) {
		Instant now = this.clock.instant();
		Optional<Duration> lifetime = this.policy.lifetime(headers, now);
		if (lifetime.isEmpty()) {
			this.store.delete(key);
			return;
		}
		Duration revalidation = headers.hasValidators() ? this.revalidationWindow : Duration.ZERO;
		Duration staleness = this.policy.staleIfError(headers);
		Duration kept = lifetime.get().plus((staleness.compareTo(revalidation) > 0) ? staleness : revalidation);
		if (!kept.isPositive()) {
			this.store.delete(key);
			return;
		}
		CachedDocument entry = new CachedDocument(document, headers, now.plus(lifetime.get()));
		this.store.put(key, this.json.writeValueAsString(entry), kept);
	}

	/**
	 * The cached entry, if any; one this server can no longer read or accept is dropped
	 * and fetched afresh.
	 */
	private Known known(ClientIdUrl url, String key) {
		String value = this.store.get(key);
		if (value == null) {
			return null;
		}
		try {
			CachedDocument entry = this.json.readValue(value, CachedDocument.class);
			return new Known(entry, ClientDocument.parse(url, entry.json()));
		}
		catch (JacksonException | ClientDocumentException ex) {
			this.store.delete(key);
			return null;
		}
	}

	private ClientDocument await(CompletableFuture<ClientDocument> fetch) {
		try {
			// the fetch ends by its own deadline; the margin only guards against a lost
			// completion
			return fetch.get(this.fetchTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ClientDocumentException refused) {
				throw refused;
			}
			throw new IllegalStateException("Fetching a client metadata document failed unexpectedly", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw ClientDocumentException.notFetched(Reason.UNAVAILABLE, "its host did not answer in time.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ClientDocumentException.notFetched(Reason.UNAVAILABLE, "the request was interrupted.");
		}
	}

	private record Known(CachedDocument entry, ClientDocument document) {
	}

	/** Keys are digests, so a URL of any shape makes a short, safe key. */
	private static String key(ClientIdUrl url) {
		return "cimd:" + TokenHashes.hash(url.value());
	}

}
