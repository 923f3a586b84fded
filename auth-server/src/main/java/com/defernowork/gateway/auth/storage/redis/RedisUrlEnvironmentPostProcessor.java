package com.defernowork.gateway.auth.storage.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * {@code REDIS_URL} is the short name of {@code spring.data.redis.url} (which wins),
 * applied only when it has a value: an empty URL is an invalid one to Boot, breaking a
 * Cluster or Sentinel configuration. Redis settings Boot or Lettuce would refuse only as
 * the context starts, in a wall of stack frames naming no setting, are checked here: the
 * timeouts (a command timeout of 0 would hang every request, never a 503), Sentinel nodes
 * without the primary's name, a URL beside Cluster or Sentinel settings, node lists.
 */
public final class RedisUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "redisUrlAlias";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("REDIS_URL");
		if (StringUtils.hasText(url) && !StringUtils.hasText(environment.getProperty("spring.data.redis.url"))) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.data.redis.url", checked(url.trim()))));
		}
		if (StringUtils.hasText(environment.getProperty("spring.data.redis.sentinel.nodes"))
				&& !StringUtils.hasText(environment.getProperty("spring.data.redis.sentinel.master"))) {
			// else Boot's connection factory fails deep in the start, naming neither
			throw InvalidSettingException.missing(
					List.of("SPRING_DATA_REDIS_SENTINEL_MASTER (spring.data.redis.sentinel.master)"),
					"SPRING_DATA_REDIS_SENTINEL_NODES (spring.data.redis.sentinel.nodes)");
		}
		if (StringUtils.hasText(environment.getProperty("spring.data.redis.url"))) {
			// Boot would take the Cluster or Sentinel nodes and the URL's credentials,
			// silently dropping SPRING_DATA_REDIS_USERNAME and _PASSWORD
			for (String topology : TOPOLOGIES) {
				if (StringUtils.hasText(environment.getProperty(topology))) {
					throw InvalidSettingException.conflicting("REDIS_URL (spring.data.redis.url)",
							variable(topology) + " (" + topology + ")", "the Redis the auth server uses",
							"For a Redis Cluster or Sentinel, leave REDIS_URL unset or empty (with compose, in place of "
									+ "its REDIS_URL) and give credentials as SPRING_DATA_REDIS_USERNAME and "
									+ "SPRING_DATA_REDIS_PASSWORD; for a single Redis, unset " + variable(topology)
									+ ".");
				}
			}
		}
		for (String nodes : NODE_LISTS) {
			String value = environment.getProperty(nodes);
			if (StringUtils.hasText(value)) {
				checkedNodes(value, nodes);
			}
		}
		for (String timeout : TIMEOUTS) {
			String value = environment.getProperty(timeout);
			if (value != null) {
				Settings.positive(value, variable(timeout) + " (" + timeout + ")");
			}
		}
	}

	private static final List<String> TIMEOUTS = List.of("spring.data.redis.timeout",
			"spring.data.redis.connect-timeout");

	private static final List<String> TOPOLOGIES = List.of("spring.data.redis.cluster.nodes",
			"spring.data.redis.sentinel.master", "spring.data.redis.sentinel.nodes");

	private static String variable(String property) {
		return property.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
	}

	private static final Pattern DATABASE = Pattern.compile("/?|/[0-9]{1,5}");

	private static final List<String> NODE_LISTS = List.of("spring.data.redis.cluster.nodes",
			"spring.data.redis.sentinel.nodes");

	/** A host name or address, and a port after the last colon. */
	private static final Pattern NODE = Pattern.compile("\\s*[A-Za-z0-9._%:\\[\\]-]+:([0-9]{1,5})\\s*");

	/**
	 * Lettuce takes another separator as part of a host name it cannot reach, which a
	 * start waits out as if Redis did not answer.
	 */
	static void checkedNodes(String value, String property) {
		for (String node : value.split(",", -1)) {
			Matcher parts = NODE.matcher(node);
			if (!parts.matches() || Integer.parseInt(parts.group(1)) < 1 || Integer.parseInt(parts.group(1)) > 65535) {
				throw new InvalidSettingException(variable(property) + " (" + property + ")",
						"host:port pairs separated by commas, e.g. redis-1:6379,redis-2:6379", value);
			}
		}
	}

	/** Password masked: Boot's own refusal of a malformed URL quotes it whole. */
	static String checked(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		String scheme = (uri != null && uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		// the path is the database's number, which Lettuce reads only at context start
		String path = (uri != null) ? Objects.requireNonNullElse(uri.getPath(), "") : "";
		if (uri == null || uri.getHost() == null || !(scheme.equals("redis") || scheme.equals("rediss"))
				|| !DATABASE.matcher(path).matches() || uri.getRawFragment() != null) {
			// up to the last @: a password's own / or # ends no user part
			throw new InvalidSettingException("REDIS_URL (spring.data.redis.url)",
					"a redis:// or rediss:// URL with a host and, as its path, at most a database number, e.g. "
							+ "redis://:password@redis:6379 or redis://redis:6379/1 (in a password, write / as %2F, "
							+ "# as %23 and @ as %40)",
					url.replaceAll("//.*@", "//***@"));
		}
		return url;
	}

	/** After the config data is loaded, before the storage kind is resolved from it. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
