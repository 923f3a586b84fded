package com.defernowork.gateway.auth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The RFC 8707 resources tokens can be bound to ({@code auth.resources}). Clients send
 * the resource with or without a trailing slash and with any case of scheme and host, so
 * both sides are normalised before comparing; the bound value is always the configured
 * one.
 */
@Component
public final class AllowedResources {

	public static final String PARAMETER = "resource";

	public static final String INVALID_TARGET = "invalid_target";

	private final List<String> configured;

	private final List<String> normalized;

	/** The resources are valid http(s) URLs, at least one ({@link AuthProperties}). */
	public AllowedResources(AuthProperties properties) {
		this.configured = List.copyOf(properties.resources());
		this.normalized = this.configured.stream()
			.map((value) -> normalize(value).orElseThrow(
					() -> new IllegalArgumentException("auth.resources: not an absolute http(s) URI: " + value)))
			.toList();
	}

	/**
	 * The configured resource that the requested one names; the default when none is
	 * requested.
	 */
	public Optional<String> resolve(String requested) {
		// sent empty is as if left out (RFC 6749 §3.2); white space is a value, and no
		// URI
		if (requested == null || requested.isEmpty()) {
			return Optional.of(defaultResource());
		}
		return normalize(requested).map(this.normalized::indexOf)
			.filter((index) -> index >= 0)
			.map(this.configured::get);
	}

	/** As configured, for an operator to compare. */
	public List<String> configured() {
		return this.configured;
	}

	public String defaultResource() {
		return this.configured.get(0);
	}

	/**
	 * The single value of a {@code resource} parameter as the framework hands it over
	 * (String or String[]).
	 */
	public static Optional<String> single(Object parameter) {
		if (parameter instanceof String[] values) {
			return (values.length == 1) ? Optional.of(values[0]) : Optional.empty();
		}
		return Optional.ofNullable((String) parameter).or(() -> Optional.of(""));
	}

	static Optional<String> normalize(String value) {
		try {
			// as sent: a URI has no surrounding white space, nor control characters
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
			if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null
					|| uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
				return Optional.empty();
			}
			int port = uri.getPort();
			boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80)
					|| ("https".equals(scheme) && port == 443);
			String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
			while (path.endsWith("/")) {
				path = path.substring(0, path.length() - 1);
			}
			String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
			return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
					+ path + query);
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
	}

}
