package com.defernowork.gateway.auth.session;

import java.time.Duration;

import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser sessions of the sign-in and consent pages ({@code auth.session.*}).
 *
 * @param anonymousTimeout idle timeout of a session nobody has signed in to yet (a saved
 * authorization request, a pending upstream sign-in): short, so that requests nobody
 * follows up do not pin storage
 * @param signedInTimeout idle timeout once a person has signed in (consent page,
 * connected apps)
 * @param memoryMaxSessions in-memory storage only: at most this many sessions are kept
 * (Caffeine chooses which to evict when more arrive)
 * @param signInCheckInterval how long a browser sign-in's Deferno token is taken as good
 * before an authorization request asks Deferno again ({@link LapsedSignIns})
 */
@ConfigurationProperties("auth.session")
public record SessionProperties(@DefaultValue("5m") Duration anonymousTimeout,
		@DefaultValue("30m") Duration signedInTimeout, @DefaultValue("2000") int memoryMaxSessions,
		@DefaultValue("5m") Duration signInCheckInterval) {

	public SessionProperties {
		Settings.positive(anonymousTimeout, "AUTH_SESSION_ANONYMOUS_TIMEOUT (auth.session.anonymous-timeout)");
		Settings.positive(signedInTimeout, "AUTH_SESSION_SIGNED_IN_TIMEOUT (auth.session.signed-in-timeout)");
		Settings.atLeast(1, memoryMaxSessions, "AUTH_SESSION_MEMORY_MAX_SESSIONS (auth.session.memory-max-sessions)");
		Settings.positive(signInCheckInterval,
				"AUTH_SESSION_SIGN_IN_CHECK_INTERVAL (auth.session.sign-in-check-interval)");
	}

}
