package com.defernowork.gateway.auth.session;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.StorageKind;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

/**
 * Without Redis, sessions live in a Caffeine map: bounded
 * ({@code auth.session.memory-max-sessions}; Caffeine picks which to evict) and dropped
 * when idle for their timeout, so a flood of unfinished sign-ins cannot fill the heap.
 * {@link MapSessionRepository} over a plain map would keep expired sessions until someone
 * asks for them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.MEMORY)
class MemorySessionConfig {

	@Bean
	MapSessionRepository sessionRepository(SessionProperties properties, ObjectProvider<Ticker> ticker) {
		return repository(properties, ticker.getIfAvailable(Ticker::systemTicker));
	}

	static MapSessionRepository repository(SessionProperties properties, Ticker ticker) {
		Map<String, Session> sessions = Caffeine.newBuilder()
			.maximumSize(properties.memoryMaxSessions())
			// every request saves its session: idle time counts from the last save, with
			// the session's own timeout
			.expireAfter(Expiry.<String, Session>writing((id, session) -> session.getMaxInactiveInterval()))
			.ticker(ticker)
			// evict on the calling thread: the bound holds when the put returns
			.executor(Runnable::run)
			.<String, Session>build()
			.asMap();
		MapSessionRepository repository = new MapSessionRepository(sessions);
		repository.setDefaultMaxInactiveInterval(properties.anonymousTimeout());
		return repository;
	}

}
