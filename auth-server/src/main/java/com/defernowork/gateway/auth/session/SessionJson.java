package com.defernowork.gateway.auth.session;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import com.defernowork.gateway.auth.storage.redis.GatewayJacksonModule;

import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.security.jackson.SecurityJacksonModules;

/**
 * Session attributes as JSON, not JDK serialization: Spring Security's Jackson modules
 * (saved request, security context, CSRF token, upstream authorization request) plus the
 * gateway's signed-in person, with their allow-list of types, so a stored {@code @class}
 * outside it is never instantiated. A value that cannot be read (a type outside the list,
 * or one an older version wrote) is dropped from the session rather than failing the
 * request: the person is asked to start again, as after a timeout.
 */
final class SessionJson implements RedisSerializer<Object> {

	private static final Logger logger = LoggerFactory.getLogger(SessionJson.class);

	private final RedisSerializer<Object> json;

	SessionJson() {
		ClassLoader loader = SessionJson.class.getClassLoader();
		BasicPolymorphicTypeValidator.Builder allowList = BasicPolymorphicTypeValidator.builder();
		GatewayJacksonModule gateway = new GatewayJacksonModule();
		gateway.configurePolymorphicTypeValidator(allowList);
		List<JacksonModule> modules = SecurityJacksonModules.getModules(loader, allowList);
		JsonMapper mapper = JsonMapper.builder().addModules(modules).addModule(gateway).build();
		this.json = new JacksonJsonRedisSerializer<>(mapper, Object.class);
	}

	@Override
	public byte[] serialize(Object value) {
		return this.json.serialize(value);
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try {
			return this.json.deserialize(bytes);
		}
		catch (SerializationException ex) {
			logger.debug("Dropping a session value that cannot be read", ex);
			return null;
		}
	}

}
