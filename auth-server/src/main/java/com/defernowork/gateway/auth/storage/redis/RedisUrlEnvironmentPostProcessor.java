package com.defernowork.gateway.auth.storage.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * {@code REDIS_URL} is the short name of Spring Boot's {@code spring.data.redis.url},
 * applied only when it has a value: an empty {@code spring.data.redis.url} is not "no
 * URL" to Boot but an invalid one, which would break a Cluster
 * ({@code spring.data.redis.cluster.nodes}) or Sentinel
 * ({@code spring.data.redis.sentinel.*}) configuration. Any {@code spring.data.redis.url}
 * set directly wins. Redis's two timeouts are checked here too: 0 would turn the command
 * timeout off (a hung Redis would hang every request, never a 503), and Lettuce refuses a
 * negative one, or a connect timeout of 0, only as the context starts, in a wall of stack
 * frames that never names the setting. So are Sentinel nodes without the primary's name.
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
		for (String timeout : TIMEOUTS) {
			String value = environment.getProperty(timeout);
			if (value != null) {
				Settings.positive(value,
						timeout.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + " (" + timeout + ")");
			}
		}
	}

	private static final List<String> TIMEOUTS = List.of("spring.data.redis.timeout",
			"spring.data.redis.connect-timeout");

	private static final Pattern DATABASE = Pattern.compile("/?|/[0-9]{1,5}");

	/**
	 * Refused here, with its password masked: Spring Boot's own refusal of a malformed
	 * URL quotes it whole, password included, in the log.
	 */
	static String checked(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		String scheme = (uri != null && uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		// the path is the database's number, which Lettuce reads only as the context
		// starts
		String path = (uri != null) ? Objects.requireNonNullElse(uri.getPath(), "") : "";
		if (uri == null || uri.getHost() == null || !(scheme.equals("redis") || scheme.equals("rediss"))
				|| !DATABASE.matcher(path).matches()) {
			throw new InvalidSettingException("REDIS_URL (spring.data.redis.url)",
					"a redis:// or rediss:// URL with a host and, as its path, at most a database number, e.g. "
							+ "redis://:password@redis:6379 or redis://redis:6379/1",
					url.replaceAll("//[^/@]*@", "//***@"));
		}
		return url;
	}

	/** After the config data is loaded, before the storage kind is resolved from it. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
