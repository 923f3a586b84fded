package com.defernowork.gateway.auth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.storage.redis.GatewayJacksonModule;

import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Session attributes as JSON, not JDK serialization: Spring Security's Jackson modules
 * (saved request, security context, CSRF token, upstream authorization request) plus the
 * gateway's signed-in person, with their allow-list of types, so a stored {@code @class}
 * outside it is never instantiated. A value that cannot be read (a type outside the list,
 * or one an older version wrote) is dropped from the session rather than failing the
 * request: the person is asked to start again, as after a timeout.
 */
final class SessionJson extends JacksonJsonRedisSerializer<Object> {

	private static final Logger logger = LoggerFactory.getLogger(SessionJson.class);

	SessionJson() {
		super(GatewayJacksonModule.securityMapper().build(), Object.class);
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try {
			return super.deserialize(bytes);
		}
		catch (SerializationException ex) {
			logger.debug("Dropping a session value that cannot be read", ex);
			return null;
		}
	}

}
