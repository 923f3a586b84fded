package com.defernowork.gateway.auth.support;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON bodies as maps. */
public final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	public static Map<String, Object> parse(String json) {
		return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

}
