package com.defernowork.gateway.auth.session;

import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Sessions in the store's Redis, one hash per session under
 * {@code <key prefix>session:sessions:<SHA-256 of the id>} that expires with it
 * ({@link HashedSessionKeys}). {@link RedisSessionRepository}, not the indexed
 * repository: a session is one key, so it works on a Cluster too, and nothing here needs
 * to find sessions by principal or hear of their expiry. A request's writes to a session
 * another request ended are dropped ({@link EndedSessionWrites}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStorage(StorageKind.REDIS)
class RedisSessionConfig {

	@Bean
	SessionRepository<Session> sessionRepository(RedisConnectionFactory connections, StorageProperties storage,
			SessionProperties properties) {
		return new EndedSessionWrites(redisSessions(connections, storage, properties));
	}

	static RedisSessionRepository redisSessions(RedisConnectionFactory connections, StorageProperties storage,
			SessionProperties properties) {
		String namespace = storage.redis().keyPrefix() + "session";
		RedisTemplate<String, Object> redis = new RedisTemplate<>();
		redis.setConnectionFactory(connections);
		redis.setKeySerializer(new HashedSessionKeys(namespace + ":sessions:"));
		redis.setHashKeySerializer(RedisSerializer.string());
		redis.setHashValueSerializer(new SessionJson());
		redis.afterPropertiesSet();
		RedisSessionRepository sessions = new RedisSessionRepository(redis);
		sessions.setRedisKeyNamespace(namespace);
		sessions.setDefaultMaxInactiveInterval(properties.anonymousTimeout());
		return sessions;
	}

}
