package com.defernowork.gateway.sandbox.api;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}, served outside {@code /api} like the real backend. */
@RestController
final class HealthController {

	@GetMapping("/health")
	Map<String, Object> health() {
		return Map.of("status", "ok", "simulator", true);
	}

}
