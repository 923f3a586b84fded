package com.defernowork.gateway.auth.session;

import java.util.List;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import com.defernowork.gateway.auth.storage.redis.GatewayJacksonModule;

import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.jackson.SecurityJacksonModules;

/**
 * Session attributes as JSON, not JDK serialization: Spring Security's Jackson modules (saved request, security
 * context, CSRF token, upstream authorization request) plus the gateway's signed-in person, with their allow-list
 * of types, so a stored {@code @class} outside it fails to read instead of instantiating anything.
 */
final class SessionJson {

	private SessionJson() {
	}

	static RedisSerializer<Object> serializer() {
		ClassLoader loader = SessionJson.class.getClassLoader();
		BasicPolymorphicTypeValidator.Builder allowList = BasicPolymorphicTypeValidator.builder();
		GatewayJacksonModule gateway = new GatewayJacksonModule();
		gateway.configurePolymorphicTypeValidator(allowList);
		List<JacksonModule> modules = SecurityJacksonModules.getModules(loader, allowList);
		JsonMapper mapper = JsonMapper.builder().addModules(modules).addModule(gateway).build();
		return new JacksonJsonRedisSerializer<>(mapper, Object.class);
	}

}
