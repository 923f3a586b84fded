package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.security.TokenKeys;

/**
 * The signed-in person's profile ({@code GET /auth/me}) and settings
 * ({@code GET /auth/me/settings}, for their time zone) per Deferno credential, for at
 * most {@code deferno.profile-ttl} (no longer than an introspection answer is trusted): a
 * client that asks who it is again and again costs Deferno one request per TTL. Keyed by
 * the credential's digest, so a heap dump hands out no token. Forgotten as soon as
 * Deferno refuses the credential on any call; until then a profile asked for within the
 * TTL comes from here, so a Deferno sign-in revoked upstream is noticed by the next call
 * that reaches Deferno, at the latest when the TTL is over. (A profile fetched while
 * another call is being refused may still be stored after the refusal; with token
 * exchange a refusal that {@code /auth/me} confirmed has revoked the grant, so no request
 * with that credential gets this far again.)
 */
final class ProfileCache {

	/** Most profiles and settings kept. */
	static final long MAXIMUM_SIZE = 10_000;

	private static final String SETTINGS = "/settings";

	/** {@code null} when turned off (TTL of zero). */
	private final Cache<String, JsonNode> profiles;

	ProfileCache(Duration ttl) {
		this.profiles = (ttl.isPositive())
				? Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).expireAfterWrite(ttl).build() : null;
	}

	static ProfileCache off() {
		return new ProfileCache(Duration.ZERO);
	}

	/**
	 * The profile for this credential: remembered, or asked (outside any lock: two
	 * concurrent first calls may both ask).
	 */
	JsonNode get(String credential, Supplier<JsonNode> ask) {
		return remembered(TokenKeys.of(credential), ask);
	}

	/** The settings for this credential, as {@link #get} has its profile. */
	JsonNode settings(String credential, Supplier<JsonNode> ask) {
		return remembered(TokenKeys.of(credential) + SETTINGS, ask);
	}

	private JsonNode remembered(String key, Supplier<JsonNode> ask) {
		if (this.profiles == null) {
			return ask.get();
		}
		JsonNode profile = this.profiles.getIfPresent(key);
		if (profile == null) {
			profile = ask.get();
			if (profile != null) {
				this.profiles.put(key, profile);
			}
		}
		return profile;
	}

	/** The person's settings may have changed (a call that saves them): asked again. */
	void forgetSettings(String credential) {
		if (this.profiles != null) {
			this.profiles.invalidate(TokenKeys.of(credential) + SETTINGS);
		}
	}

	/** Deferno refused this credential: its profile and settings are not used again. */
	void forget(String credential) {
		if (this.profiles != null) {
			String key = TokenKeys.of(credential);
			this.profiles.invalidateAll(List.of(key, key + SETTINGS));
		}
	}

}
