package com.defernowork.gateway.mcp.deferno.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object body in the order its keys are put. */
public final class Payload {

	private final Map<String, Object> values = new LinkedHashMap<>();

	public static Payload create() {
		return new Payload();
	}

	/**
	 * Puts the key even when the value is {@code null} (an explicit JSON null clears a
	 * field).
	 */
	public Payload put(String key, Object value) {
		this.values.put(key, value);
		return this;
	}

	/** Puts the key only for a non-null value. */
	public Payload putIfNotNull(String key, Object value) {
		if (value != null) {
			this.values.put(key, value);
		}
		return this;
	}

	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	public boolean containsKey(String key) {
		return this.values.containsKey(key);
	}

	public Map<String, Object> map() {
		return this.values;
	}

}
