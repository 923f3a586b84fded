package com.defernowork.gateway.auth.cimd;

import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client ID Metadata Documents ({@code auth.cimd.*}).
 *
 * @param allowedPrivateHosts hosts whose documents may live at private or special-use
 * addresses, for tests and private deployments only; empty by default, and nothing else
 * relaxes the address rules
 * @param connectTimeout bound on connecting to a document's host
 * @param timeout bound on the whole fetch of a document
 * @param maxConcurrentFetches fetches running at once on this instance; one more is
 * refused, not queued
 * @param cache how long fetched documents are reused
 */
@ConfigurationProperties("auth.cimd")
public record CimdProperties(@DefaultValue List<String> allowedPrivateHosts,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration timeout,
		@DefaultValue("16") int maxConcurrentFetches, @DefaultValue Cache cache) {

	public CimdProperties {
		Settings.positive(connectTimeout, "AUTH_CIMD_CONNECT_TIMEOUT (auth.cimd.connect-timeout)");
		Settings.positive(timeout, "AUTH_CIMD_TIMEOUT (auth.cimd.timeout)");
		Settings.atLeast(1, maxConcurrentFetches,
				"AUTH_CIMD_MAX_CONCURRENT_FETCHES (auth.cimd.max-concurrent-fetches)");
	}

	/**
	 * @param minTtl a document is reused at least this long, whatever its headers say
	 * (except {@code no-store})
	 * @param maxTtl and at most this long
	 * @param defaultTtl when its headers say nothing about caching
	 * @param maxEntries documents kept by the in-memory store (Redis keeps any number,
	 * each until it expires)
	 * @param staleIfError how long past its lifetime a document is still used while its
	 * host cannot be asked (unreachable, slow, 5xx, no fetch capacity free); never after
	 * an answer that refuses it, nor when its headers demand revalidation; zero turns
	 * this off
	 */
	public record Cache(@DefaultValue("1m") Duration minTtl, @DefaultValue("1d") Duration maxTtl,
			@DefaultValue("5m") Duration defaultTtl, @DefaultValue("10000") long maxEntries,
			@DefaultValue("1d") Duration staleIfError) {

		public Cache {
			Settings.notNegative(minTtl, "AUTH_CIMD_CACHE_MIN_TTL (auth.cimd.cache.min-ttl)");
			Settings.positive(maxTtl, "AUTH_CIMD_CACHE_MAX_TTL (auth.cimd.cache.max-ttl)");
			Settings.notNegative(defaultTtl, "AUTH_CIMD_CACHE_DEFAULT_TTL (auth.cimd.cache.default-ttl)");
			Settings.atLeast(1, maxEntries, "AUTH_CIMD_CACHE_MAX_ENTRIES (auth.cimd.cache.max-entries)");
			Settings.notNegative(staleIfError, "AUTH_CIMD_CACHE_STALE_IF_ERROR (auth.cimd.cache.stale-if-error)");
		}

	}

}
