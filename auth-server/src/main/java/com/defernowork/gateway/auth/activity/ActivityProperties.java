package com.defernowork.gateway.auth.activity;

import java.time.Duration;

import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-person recent-activity trail shown on the connected-apps page
 * ({@code auth.activity.*}).
 *
 * @param maxEntries how many tool calls are kept per person (the oldest drop out)
 * @param ttl how long a person's trail is kept after their last tool call
 */
@ConfigurationProperties("auth.activity")
public record ActivityProperties(@DefaultValue("20") int maxEntries, @DefaultValue("7d") Duration ttl) {

	public ActivityProperties {
		Settings.atLeast(1, maxEntries, "AUTH_ACTIVITY_MAX_ENTRIES (auth.activity.max-entries)");
		Settings.positive(ttl, "AUTH_ACTIVITY_TTL (auth.activity.ttl)");
	}

}
