package com.defernowork.gateway.sandbox.auth;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /auth/me/settings}: the caller's UI settings, defaults until changed. The time
 * zone is the one the plan keeps from its first {@code tz}, and the plan and calendar
 * read their days in it when a request names none.
 */
@RestController
final class SettingsController {

	private static final Map<String, List<String>> CHOICES = new LinkedHashMap<>(
			Map.of("theme_family", List.of("deferno", "mono"), "theme_mode", List.of("light", "dark", "auto")));

	private final SandboxStore store;

	SettingsController(SandboxStore store) {
		this.store = store;
	}

	@GetMapping("/api/auth/me/settings")
	Map<String, Object> get(Account account) {
		return this.store.locked(() -> view(account.id()));
	}

	/**
	 * Omitted fields stay; null clears a nullable one; everything checked before any is
	 * kept.
	 */
	@PatchMapping("/api/auth/me/settings")
	Map<String, Object> patch(Account account, @RequestBody Map<String, Object> json) {
		Body body = Body.of(json);
		Map<String, Object> changes = new LinkedHashMap<>();
		for (String key : List.of("dashboard_done_visibility_seconds", "global_done_visibility_seconds")) {
			if (body.has(key)) {
				Integer seconds = body.integer(key);
				if (seconds != null && seconds < 0) {
					throw ApiException.validation(key + " must not be negative");
				}
				changes.put(key, seconds);
			}
		}
		for (String key : List.of("drag_and_drop_enabled", "tracking_enabled")) {
			// plain options: null leaves the setting as it is
			Boolean on = body.bool(key);
			if (on != null) {
				changes.put(key, on);
			}
		}
		CHOICES.forEach((key, allowed) -> {
			String value = body.string(key);
			if (value == null) {
				return;
			}
			if (!allowed.contains(value)) {
				throw ApiException.validation(key + " must be one of " + String.join(", ", allowed));
			}
			changes.put(key, value);
		});
		String zone = body.string("time_zone");
		if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
			throw ApiException.validation("time_zone must be an IANA time zone such as Europe/Paris");
		}
		return this.store.locked(() -> {
			this.store.settings.computeIfAbsent(account.id(), (id) -> new LinkedHashMap<>()).putAll(changes);
			if (body.has("time_zone")) {
				if (zone != null) {
					this.store.timeZones.put(account.id(), zone);
				}
				else {
					this.store.timeZones.remove(account.id());
				}
			}
			return view(account.id());
		});
	}

	private Map<String, Object> view(UUID user) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("dashboard_done_visibility_seconds", null);
		view.put("drag_and_drop_enabled", false);
		view.put("global_done_visibility_seconds", null);
		view.put("theme_family", "deferno");
		view.put("theme_mode", "light");
		view.put("time_zone", this.store.timeZones.get(user));
		view.put("tracking_enabled", true);
		view.putAll(this.store.settings.getOrDefault(user, Map.of()));
		return view;
	}

}
