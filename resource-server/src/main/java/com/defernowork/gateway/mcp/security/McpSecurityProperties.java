package com.defernowork.gateway.mcp.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the resource server protects {@code /mcp}: its public identity, the authorization
 * server it trusts and how long it may remember what the authorization server said
 * (docs/configuration.md for the environment variables).
 *
 * @param publicUrl public origin of this server; the canonical resource URI is this plus
 * {@code /mcp}
 * @param issuer the authorization server's issuer, byte-identical to its metadata
 * @param internalUrl where this server reaches the authorization server (introspection,
 * exchange, revocation)
 * @param clientId this server's confidential client at the authorization server
 * @param clientSecret its secret
 * @param tokenFormat how access tokens are validated
 * @param cache how long validation and exchange results are kept
 * @param allowedHosts {@code Host} names accepted; when set, they replace the default
 * (the public URL's and loopback)
 * @param allowedOrigins {@code Origin}s accepted; when set, they replace the default (the
 * public URL's and loopback)
 * @param connectTimeout how long to wait for a connection to the authorization server
 * @param readTimeout how long to wait for its answer (a hung authorization server must
 * not hang every request)
 * @param checkTimeout how long a request waits for the authorization server to check or
 * exchange its token
 * @param maxConnections most connections open to the authorization server at once: with
 * one check per token in flight, a check waits for a connection only when more tokens
 * than that are checked at once, and then within its check timeout
 * @param acceptUntypedJwt in JWT mode, whether a token without {@code typ} (as earlier
 * authorization servers issued them) is accepted: turn off once those have expired
 * @param unknownTokensPerMinute in opaque mode, how many tokens the authorization server
 * may refuse for one caller network (an IPv4 address, an IPv6 /64) within a minute before
 * that network's tokens not checked before are refused unasked; 0 for no limit
 */
@ConfigurationProperties("mcp.security")
public record McpSecurityProperties(@DefaultValue("http://localhost:8001") String publicUrl,
		@DefaultValue("http://localhost:9000") String issuer, String internalUrl,
		@DefaultValue("mcp-resource-server") String clientId, @DefaultValue("change-me-rs-secret") String clientSecret,
		@DefaultValue("opaque") TokenFormat tokenFormat, @DefaultValue Cache cache, List<String> allowedHosts,
		List<String> allowedOrigins, @DefaultValue("3s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout, @DefaultValue("5s") Duration checkTimeout,
		@DefaultValue("200") int maxConnections, @DefaultValue("true") boolean acceptUntypedJwt,
		@DefaultValue("600") int unknownTokensPerMinute) {

	public static final String MCP_PATH = "/mcp";

	public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

	public McpSecurityProperties {
		publicUrl = Settings.origin(stripTrailingSlash(publicUrl), "MCP_PUBLIC_URL (mcp.security.public-url)");
		Settings.origin(issuer, "AUTH_ISSUER (mcp.security.issuer)");
		internalUrl = (internalUrl == null || internalUrl.isBlank()) ? stripTrailingSlash(issuer)
				: AuthServerUrl.root(internalUrl);
		// blank would start, and then every token check would fail
		if (clientId == null || clientId.isBlank()) {
			throw new InvalidSettingException("RS_CLIENT_ID (mcp.security.client-id)",
					"this server's client id, the auth server's RS_CLIENT_ID", clientId);
		}
		if (clientSecret == null || clientSecret.isBlank()) {
			throw InvalidSettingException.required("RS_CLIENT_SECRET (mcp.security.client-secret)",
					"this server's client secret, the auth server's RS_CLIENT_SECRET", clientSecret);
		}
		Settings.positive(connectTimeout, "MCP_SECURITY_CONNECT_TIMEOUT (mcp.security.connect-timeout)");
		Settings.positive(readTimeout, "MCP_SECURITY_READ_TIMEOUT (mcp.security.read-timeout)");
		Settings.positive(checkTimeout, "MCP_SECURITY_CHECK_TIMEOUT (mcp.security.check-timeout)");
		Settings.atLeast(1, maxConnections, "MCP_SECURITY_MAX_CONNECTIONS (mcp.security.max-connections)");
		Settings.atLeast(0, unknownTokensPerMinute,
				"MCP_SECURITY_UNKNOWN_TOKENS_PER_MINUTE (mcp.security.unknown-tokens-per-minute)");
		allowedHosts = AllowedHostsAndOrigins.hosts(allowedHosts);
		allowedOrigins = AllowedHostsAndOrigins.origins(allowedOrigins);
	}

	/**
	 * The canonical resource URI (RFC 8707), the audience every accepted token must
	 * carry.
	 */
	public String resource() {
		return this.publicUrl + MCP_PATH;
	}

	/** The path-aware RFC 9728 metadata URL, the one the challenges point at. */
	public String resourceMetadataUrl() {
		return this.publicUrl + METADATA_PATH + MCP_PATH;
	}

	public URI publicUri() {
		return URI.create(this.publicUrl);
	}

	public String authServerEndpoint(String path) {
		return this.internalUrl + path;
	}

	private static String stripTrailingSlash(String url) {
		String trimmed = url.strip();
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

	public enum TokenFormat {

		/**
		 * Opaque tokens, validated by RFC 7662 introspection (the authorization server's
		 * default).
		 */
		OPAQUE,

		/**
		 * JWT access tokens, validated locally against the authorization server's JWKS.
		 */
		JWT

	}

	/**
	 * @param ceiling the longest an introspection result is trusted (a revoked token
	 * works at most this long)
	 * @param negativeTtl how long an unknown or inactive token is remembered as such
	 * @param errorTtl how long a failure to reach the authorization server is remembered
	 * per token
	 * @param exchangeCeiling the longest an exchanged Deferno token is kept
	 * @param maximumSize entries per cache
	 */
	public record Cache(@DefaultValue("60s") Duration ceiling, @DefaultValue("5s") Duration negativeTtl,
			@DefaultValue("2s") Duration errorTtl, @DefaultValue("10m") Duration exchangeCeiling,
			@DefaultValue("10000") long maximumSize) {

		public Cache {
			Settings.notNegative(ceiling, "MCP_INTROSPECTION_CACHE_TTL (mcp.security.cache.ceiling)");
			Settings.notNegative(negativeTtl, "MCP_SECURITY_CACHE_NEGATIVE_TTL (mcp.security.cache.negative-ttl)");
			Settings.notNegative(errorTtl, "MCP_SECURITY_CACHE_ERROR_TTL (mcp.security.cache.error-ttl)");
			Settings.notNegative(exchangeCeiling,
					"MCP_SECURITY_CACHE_EXCHANGE_CEILING (mcp.security.cache.exchange-ceiling)");
			Settings.atLeast(1, maximumSize, "MCP_SECURITY_CACHE_MAXIMUM_SIZE (mcp.security.cache.maximum-size)");
		}
	}

}
