package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;

import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the resource server reaches the Deferno API ({@code deferno.*};
 * {@code DEFERNO_BASE_URL} binds to {@code deferno.base-url}).
 *
 * @param baseUrl the API base, {@code /api} included; a trailing slash is ignored
 * @param token a fixed Deferno token for development and tests; empty means token
 * exchange
 * @param connectTimeout bound on opening a connection (and on waiting for a pooled one)
 * @param readTimeout bound on a request's whole answer, head and body, from the moment it
 * is sent, however slowly the answer comes
 * @param maxConnections size of the connection pool
 * @param readRetries extra attempts for idempotent reads after a 502/503/504 (or a 429
 * asking for a short wait) or a connection failure, each no sooner than a
 * {@code Retry-After} of up to 2 s allows; a longer one is reported instead
 * @param profileTtl how long the signed-in person's profile ({@code whoami}) is
 * remembered per Deferno credential; {@code 0} asks Deferno every time; never longer than
 * {@code mcp.security.cache.ceiling}; 30 s by default
 * @param signInCheckMemory how long Deferno's answer is remembered when, after refusing a
 * credential on a call, it was asked at {@code /auth/me} whether it still accepts it; a
 * burst of refusals within it asks once; {@code 0} asks at every refusal; 10 s by default
 * @param maxCallsPerPerson how many tool calls of one person run at once; beyond that a
 * call is refused at once, so that one agent cannot take every connection of the pool
 * @param callsPerMinute how many tool calls and resource reads of one person a minute may
 * start; beyond that one is refused at once, so that an agent caught in a loop cannot
 * keep Deferno busy for everyone
 * @param toolCallTimeout how long one tool call may spend on Deferno in all: each of its
 * calls ends by the end of what is left (connecting and the whole answer included), and
 * none starts once nothing is; below the 60 s after which common MCP clients give up on a
 * request, so the agent hears what happened
 */
@ConfigurationProperties("deferno")
public record DefernoProperties(@DefaultValue("http://127.0.0.1:3000/api") String baseUrl,
		@DefaultValue("") String token, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration readTimeout, @DefaultValue("50") int maxConnections,
		@DefaultValue("2") int readRetries, @DefaultValue("30s") Duration profileTtl,
		@DefaultValue("10s") Duration signInCheckMemory, @DefaultValue("10") int maxCallsPerPerson,
		@DefaultValue("300") int callsPerMinute, @DefaultValue("55s") Duration toolCallTimeout) {

	public DefernoProperties {
		// a blank one quoted as it was set
		Settings.httpUrl((baseUrl != null && !baseUrl.isBlank()) ? baseUrl.strip() : baseUrl,
				"DEFERNO_BASE_URL (deferno.base-url)");
		Settings.positive(connectTimeout, "DEFERNO_CONNECT_TIMEOUT (deferno.connect-timeout)");
		Settings.positive(readTimeout, "DEFERNO_READ_TIMEOUT (deferno.read-timeout)");
		Settings.atLeast(1, maxConnections, "DEFERNO_MAX_CONNECTIONS (deferno.max-connections)");
		Settings.atLeast(0, readRetries, "DEFERNO_READ_RETRIES (deferno.read-retries)");
		Settings.notNegative(profileTtl, "DEFERNO_PROFILE_TTL (deferno.profile-ttl)");
		Settings.notNegative(signInCheckMemory, "DEFERNO_SIGN_IN_CHECK_MEMORY (deferno.sign-in-check-memory)");
		Settings.atLeast(1, maxCallsPerPerson, "DEFERNO_MAX_CALLS_PER_PERSON (deferno.max-calls-per-person)");
		Settings.atLeast(1, callsPerMinute, "DEFERNO_CALLS_PER_MINUTE (deferno.calls-per-minute)");
		Settings.positive(toolCallTimeout, "DEFERNO_TOOL_CALL_TIMEOUT (deferno.tool-call-timeout)");
	}

	public String normalizedBaseUrl() {
		String url = this.baseUrl.strip();
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		return url;
	}

	/**
	 * Deferno's {@code GET /health}, served beside the API: the base URL without its
	 * {@code /api}.
	 */
	public String healthUrl() {
		String base = normalizedBaseUrl();
		return (base.endsWith("/api") ? base.substring(0, base.length() - "/api".length()) : base) + "/health";
	}

}
