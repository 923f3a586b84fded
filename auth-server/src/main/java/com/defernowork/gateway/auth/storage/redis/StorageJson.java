package com.defernowork.gateway.auth.storage.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper for stored authorizations and clients. */
final class StorageJson {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	StorageJson() {
		this.mapper = GatewayJacksonModule.securityMapper()
			.addModule(AuthorizationRequestDeserializer.module())
			.build();
	}

	String writeMap(Map<String, ?> map) {
		return this.mapper.writeValueAsString(plain(map));
	}

	Map<String, Object> readMap(String json) {
		return this.mapper.readValue(json, MAP);
	}

	/**
	 * {@code Set.of(..)} or {@code List.of(..)} values would otherwise be written with a
	 * type id that cannot be read back.
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
