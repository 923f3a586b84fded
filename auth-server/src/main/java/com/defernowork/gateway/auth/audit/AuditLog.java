package com.defernowork.gateway.auth.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes every {@link AuditEvent} as one JSON object on the logger {@value #LOGGER}, so
 * an operator can route, keep or ship the audit trail apart from the application log
 * ({@code logging.level.audit=off} silences it).
 */
@Component
final class AuditLog {

	static final String LOGGER = "audit";

	private static final Logger audit = LoggerFactory.getLogger(LOGGER);

	private final JsonMapper json;

	AuditLog(JsonMapper json) {
		this.json = json;
	}

	@EventListener
	void on(AuditEvent event) {
		if (!audit.isInfoEnabled()) {
			return;
		}
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("event", event.type());
		if (event.user() != null) {
			line.put("user", event.user());
		}
		if (event.client() != null) {
			line.put("client", event.client());
		}
		line.putAll(event.details());
		audit.info(this.json.writeValueAsString(line));
	}

}
