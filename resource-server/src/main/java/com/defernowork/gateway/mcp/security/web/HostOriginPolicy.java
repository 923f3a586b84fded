package com.defernowork.gateway.mcp.security.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.cors.CorsConfiguration;

/**
 * Which {@code Host} names and {@code Origin}s may talk to this server (DNS-rebinding
 * protection, which the MCP Streamable HTTP transport requires). Unless configured, the
 * public URL's host and origin plus loopback on any port; a configured list replaces the
 * defaults.
 */
public final class HostOriginPolicy {

	private static final Logger logger = LoggerFactory.getLogger(HostOriginPolicy.class);

	private static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "::1");

	/**
	 * An origin as RFC 6454 serializes it: scheme, host and port, no user, path, query or
	 * fragment (or {@code null}, which no pattern allows).
	 */
	private static final Pattern SERIALIZED_ORIGIN = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\\s]+|null");

	private static final List<String> LOOPBACK_ORIGIN_PATTERNS = List.of("http://localhost:[*]", "http://127.0.0.1:[*]",
			"http://[::1]:[*]", "http://localhost", "http://127.0.0.1", "http://[::1]");

	private final List<String> hosts;

	private final List<String> originPatterns;

	private final CorsConfiguration origins = new CorsConfiguration();

	public HostOriginPolicy(McpSecurityProperties properties) {
		URI publicUri = properties.publicUri();
		this.hosts = properties.allowedHosts().isEmpty() ? defaultHosts(publicUri)
				: properties.allowedHosts().stream().map(HostOriginPolicy::hostName).toList();
		// an origin's scheme and host compare without regard to case (RFC 6454): the
		// patterns, and the origins checked against them, in lower case
		this.originPatterns = properties.allowedOrigins().isEmpty() ? defaultOrigins(publicUri)
				: properties.allowedOrigins().stream().map((origin) -> origin.toLowerCase(Locale.ROOT)).toList();
		this.origins.setAllowedOriginPatterns(this.originPatterns);
		if (this.originPatterns.contains("*")) {
			logger.warn("MCP_ALLOWED_ORIGINS (mcp.security.allowed-origins) has '*': pages of every origin may call "
					+ "/mcp and read its answers, which turns off the Origin check against DNS rebinding (the Host "
					+ "check stays); list the origins instead");
		}
	}

	public boolean isHostAllowed(String host) {
		return host != null && this.hosts.contains(hostName(host));
	}

	/**
	 * A request without {@code Origin} is not from a browser page and passes; one with a
	 * path, even a trailing slash, names no origin (Spring's check would drop the slash).
	 */
	public boolean isOriginAllowed(String origin) {
		return origin == null || (SERIALIZED_ORIGIN.matcher(origin).matches()
				&& this.origins.checkOrigin(origin.toLowerCase(Locale.ROOT)) != null);
	}

	public List<String> originPatterns() {
		return this.originPatterns;
	}

	private static List<String> defaultHosts(URI publicUri) {
		List<String> hosts = new ArrayList<>(LOOPBACK_HOSTS);
		hosts.add(hostName(publicUri.getHost()));
		return List.copyOf(hosts);
	}

	private static List<String> defaultOrigins(URI publicUri) {
		List<String> origins = new ArrayList<>(LOOPBACK_ORIGIN_PATTERNS);
		origins.add((publicUri.getScheme() + "://" + publicUri.getRawAuthority()).toLowerCase(Locale.ROOT));
		return List.copyOf(origins);
	}

	/**
	 * Lower-case host without port or IPv6 brackets: {@code [::1]:8001} → {@code ::1}.
	 */
	static String hostName(String host) {
		String name = host.strip().toLowerCase(Locale.ROOT);
		if (name.startsWith("[")) {
			int end = name.indexOf(']');
			return (end > 0) ? name.substring(1, end) : name;
		}
		int colon = name.indexOf(':');
		return (colon >= 0 && name.indexOf(':', colon + 1) < 0) ? name.substring(0, colon) : name;
	}

}
