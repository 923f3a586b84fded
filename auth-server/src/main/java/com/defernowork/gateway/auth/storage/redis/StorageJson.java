package com.defernowork.gateway.auth.storage.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.server.authorization.jackson.OAuth2AuthorizationServerJacksonModule;

/**
 * The JSON mapper for stored authorizations and clients: Spring Security's Jackson 3
 * modules, whose polymorphic type validator is an allow-list (Security's types plus
 * {@link GatewayJacksonModule}'s). No unrestricted default typing: a stored
 * {@code @class} outside the list fails to read. The authorization request is read by
 * {@link AuthorizationRequestDeserializer}.
 */
final class StorageJson {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	StorageJson() {
		ClassLoader loader = StorageJson.class.getClassLoader();
		BasicPolymorphicTypeValidator.Builder allowList = BasicPolymorphicTypeValidator.builder();
		OAuth2AuthorizationServerJacksonModule authorizationServer = new OAuth2AuthorizationServerJacksonModule();
		GatewayJacksonModule gateway = new GatewayJacksonModule();
		authorizationServer.configurePolymorphicTypeValidator(allowList);
		gateway.configurePolymorphicTypeValidator(allowList);
		List<JacksonModule> modules = SecurityJacksonModules.getModules(loader, allowList);
		this.mapper = JsonMapper.builder()
			.addModules(modules)
			.addModules(authorizationServer, gateway, AuthorizationRequestDeserializer.module())
			.build();
	}

	String writeMap(Map<String, ?> map) {
		return this.mapper.writeValueAsString(plain(map));
	}

	Map<String, Object> readMap(String json) {
		return this.mapper.readValue(json, MAP);
	}

	/**
	 * JDK collections as mutable, allow-listed types: {@code Set.of(..)} or
	 * {@code List.of(..)} values (claims, custom metadata) would otherwise be written
	 * with a type id that cannot be read back.
	 */
	static Object plain(Object value) {
		if (value instanceof Map<?, ?> map && map.getClass().getName().startsWith("java.util.")) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(k, plain(v)));
			return copy;
		}
		if (value instanceof Set<?> set && set.getClass().getName().startsWith("java.util.")) {
			Set<Object> copy = new LinkedHashSet<>();
			set.forEach((v) -> copy.add(plain(v)));
			return copy;
		}
		if (value instanceof List<?> list && list.getClass().getName().startsWith("java.util.")) {
			List<Object> copy = new ArrayList<>();
			list.forEach((v) -> copy.add(plain(v)));
			return copy;
		}
		return value;
	}

}
