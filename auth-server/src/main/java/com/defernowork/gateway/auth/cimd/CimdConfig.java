package com.defernowork.gateway.auth.cimd;

import java.net.InetAddress;
import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;

import org.apache.hc.core5.ssl.SSLContexts;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Resolving URL client ids. TLS trusts what the JVM trusts ({@code javax.net.ssl.trustStore} adds a test CA); names
 * resolve through the system resolver, vetted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CimdProperties.class)
class CimdConfig {

	@Bean(destroyMethod = "close")
	DocumentFetcher documentFetcher(CimdProperties properties) {
		VettedDnsResolver dns = new VettedDnsResolver(InetAddress::getAllByName, properties.allowedPrivateHosts());
		return new DocumentFetcher(dns, SSLContexts.createSystemDefault(), properties.connectTimeout(),
				properties.timeout(), properties.maxConcurrentFetches());
	}

	@Bean
	ClientDocuments clientDocuments(DocumentFetcher fetcher, DocumentStore store, CimdProperties properties,
			JsonMapper json) {
		CimdProperties.Cache cache = properties.cache();
		return new ClientDocuments(fetcher, store, new CachePolicy(cache.minTtl(), cache.maxTtl(), cache.defaultTtl()),
				cache.maxTtl(), properties.timeout(), json, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnStorage(StorageKind.REDIS)
	DocumentStore redisDocumentStore(StringRedisTemplate redis, StorageProperties storage) {
		return new RedisDocumentStore(redis, storage.redis().keyPrefix());
	}

	@Bean
	@ConditionalOnStorage(StorageKind.MEMORY)
	DocumentStore memoryDocumentStore(CimdProperties properties) {
		return new MemoryDocumentStore(Clock.systemUTC(), properties.cache().maxEntries());
	}

}
