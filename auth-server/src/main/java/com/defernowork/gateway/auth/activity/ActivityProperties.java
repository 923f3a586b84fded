package com.defernowork.gateway.auth.activity;

import java.time.Duration;

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
		if (maxEntries < 1) {
			throw new IllegalArgumentException("auth.activity.max-entries must be at least 1, was " + maxEntries);
		}
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("auth.activity.ttl must be positive, was " + ttl);
		}
	}

}
