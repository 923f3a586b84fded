package com.defernowork.gateway.sandbox.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code {version, data, error}} wrapper of every API answer. */
public record Envelope(String version, Object data, Map<String, Object> error) {

	public static Envelope ok(String version, Object data) {
		return new Envelope(version, data, null);
	}

	public static Envelope error(String version, String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		return new Envelope(version, null, error);
	}

}
