package com.defernowork.gateway.auth.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The authorization server's own settings ({@code auth.*}); every one has an environment
 * variable in {@code application.yml}.
 *
 * @param issuer the public issuer, byte-identical in metadata and in the resource
 * server's metadata
 * @param resources the RFC 8707 resources tokens may be bound to; the first is the
 * default
 * @param rsClient the resource server's confidential client (introspection, token
 * exchange)
 * @param tokenFormat {@code opaque} or {@code jwt} access tokens
 * @param tokens lifetimes of codes and tokens
 */
@ConfigurationProperties("auth")
public record AuthProperties(@DefaultValue("http://localhost:9000") String issuer,
		@DefaultValue("http://localhost:8001/mcp") List<String> resources, @DefaultValue RsClient rsClient,
		@DefaultValue("opaque") TokenFormat tokenFormat, @DefaultValue Tokens tokens) {

	private static final String RESOURCES = "MCP_RESOURCES (auth.resources)";

	public AuthProperties {
		Settings.origin(issuer, "AUTH_ISSUER (auth.issuer)");
		if (resources == null || resources.isEmpty()) {
			throw new InvalidSettingException(RESOURCES, "one or more absolute http(s) URLs, comma-separated",
					resources);
		}
		checkResources(resources);
	}

	/**
	 * Each resource as a client sends it in {@code resource} (RFC 8707 §2: no query,
	 * which a client could not compare), once, without the trailing slash that the
	 * resource server's audience check (its public URL + {@code /mcp}) never matches.
	 */
	private static void checkResources(List<String> resources) {
		Set<String> seen = new HashSet<>();
		for (String resource : resources) {
			Settings.httpUrl(resource, RESOURCES);
			if (resource.endsWith("/")) {
				throw new InvalidSettingException(RESOURCES,
						"the MCP endpoint URLs without a trailing slash, e.g. https://mcp.example.com/mcp", resource);
			}
			if (!seen.add(AllowedResources.normalize(resource).orElse(resource))) {
				throw new InvalidSettingException(RESOURCES, "distinct URLs, each named once", resource + " twice");
			}
		}
	}

	/**
	 * @param id its client id, the resource server's {@code RS_CLIENT_ID}: a blank one
	 * failed the first lookup of the client, deep in the start
	 */
	public record RsClient(@DefaultValue("mcp-resource-server") String id,
			@DefaultValue("change-me-rs-secret") String secret) {

		public RsClient {
			if (id == null || id.isBlank()) {
				throw new InvalidSettingException("RS_CLIENT_ID (auth.rs-client.id)",
						"a client id, not empty, the same as the resource server's RS_CLIENT_ID, e.g. "
								+ "mcp-resource-server",
						id);
			}
		}
	}

	public record Tokens(@DefaultValue("5m") Duration codeTtl, @DefaultValue("1h") Duration accessTokenTtl,
			@DefaultValue("30d") Duration refreshTokenTtl, @DefaultValue("30s") Duration refreshReuseGrace) {

		public Tokens {
			Settings.positive(codeTtl, "AUTH_CODE_TTL (auth.tokens.code-ttl)");
			Settings.positive(accessTokenTtl, "AUTH_ACCESS_TOKEN_TTL (auth.tokens.access-token-ttl)");
			Settings.positive(refreshTokenTtl, "AUTH_REFRESH_TOKEN_TTL (auth.tokens.refresh-token-ttl)");
			Settings.notNegative(refreshReuseGrace, "AUTH_REFRESH_REUSE_GRACE (auth.tokens.refresh-reuse-grace)");
		}
	}

	public enum TokenFormat {

		OPAQUE, JWT

	}

}
