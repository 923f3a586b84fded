package com.defernowork.gateway.auth.cimd;

import java.net.InetAddress;
import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.registration.NewClientQuota;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import com.defernowork.gateway.auth.token.ClientTokenSettings;

import org.apache.hc.core5.ssl.SSLContexts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Client ID Metadata Documents: URL client ids resolved for the whole authorization
 * server. TLS trusts what the JVM's standard settings say when the server starts
 * ({@code javax.net.ssl.trustStore} for a test CA); names resolve through the system
 * resolver, vetted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CimdProperties.class)
class CimdConfig {

	@Bean(destroyMethod = "close")
	DocumentFetcher documentFetcher(CimdProperties properties, ObjectProvider<ObservationRegistry> observations) {
		VettedDnsResolver dns = new VettedDnsResolver(InetAddress::getAllByName, properties.allowedPrivateHosts());
		return new DocumentFetcher(dns, SSLContexts.createDefault(), properties.connectTimeout(), properties.timeout(),
				properties.maxConcurrentFetches(), observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	/** With Redis, the cache is the store's, shared by every instance. */
	@Bean
	@ConditionalOnStorage(StorageKind.REDIS)
	ClientDocuments clientDocuments(DocumentFetcher fetcher, KeyValueStore store, CimdProperties properties,
			JsonMapper json) {
		return documents(fetcher, store, properties, json);
	}

	/**
	 * In memory, documents get a key-value store of their own, bounded by
	 * {@code auth.cimd.cache.max-entries}: anyone can make this server fetch documents
	 * under as many URLs as they like, and the shared store must never evict.
	 */
	@Bean
	@ConditionalOnStorage(StorageKind.MEMORY)
	ClientDocuments memoryClientDocuments(DocumentFetcher fetcher, CimdProperties properties, JsonMapper json,
			ObjectProvider<Ticker> ticker) {
		KeyValueStore store = new MemoryKeyValueStore(ticker.getIfAvailable(Ticker::systemTicker),
				properties.cache().maxEntries());
		return documents(fetcher, store, properties, json);
	}

	private static ClientDocuments documents(DocumentFetcher fetcher, KeyValueStore store, CimdProperties properties,
			JsonMapper json) {
		CimdProperties.Cache cache = properties.cache();
		return new ClientDocuments(fetcher, store,
				new CachePolicy(cache.minTtl(), cache.maxTtl(), cache.defaultTtl(), cache.staleIfError()),
				cache.maxTtl(), properties.timeout(), json, Clock.systemUTC());
	}

	/**
	 * The client repository everything uses, around {@code registration/}'s (never
	 * without the resource server's client), which wraps the store's own.
	 */
	@Bean
	@Primary
	DocumentClientRepository documentClientRepository(
			@Qualifier("rsClientRepository") RegisteredClientRepository stored, ClientDocuments documents,
			ClientTokenSettings tokenSettings, ApplicationEventPublisher events, NewClientQuota quota) {
		return new DocumentClientRepository(stored, documents, tokenSettings::build, events, quota);
	}

}
