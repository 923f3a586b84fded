package com.defernowork.gateway.web.settings;

import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The application and management ports must be numbers from 0 (any free port) to 65535,
 * refused before anything starts: Boot reads a negative one as "no HTTP at all" (the
 * server started, listening on nothing), and the connector refuses one beyond 65535 only
 * once the application port is open. The connection limit must be 1 or more: Boot ignores
 * any other, and Tomcat's own 8,192 connections would take the small heap the servers run
 * in. A value that is no number is left to Boot, whose conversion failure
 * {@link UnconvertibleSettingFailureAnalyzer} reports.
 */
public final class ServerSettingsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ACCEPTED = "a port number from 0 to 65535";

	private static final List<String> PORTS = List.of("server.port", "management.server.port");

	private static final String MAX_CONNECTIONS = "server.tomcat.max-connections";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (String name : PORTS) {
			String value = environment.getProperty(name);
			Integer port = number(value);
			if (port != null && (port < 0 || port > 65535)) {
				throw new InvalidSettingException(SettingName.of(environment, name), ACCEPTED, value.strip());
			}
		}
		String connections = environment.getProperty(MAX_CONNECTIONS);
		Integer limit = number(connections);
		if (limit != null && limit < 1) {
			throw new InvalidSettingException(SettingName.of(environment, MAX_CONNECTIONS),
					"a whole number of 1 or more", connections.strip());
		}
	}

	/**
	 * A port setting's number, or null when unset or no number (which the conversion
	 * reports, naming the setting).
	 */
	public static Integer number(String value) {
		try {
			return (value != null && !value.isBlank()) ? Integer.valueOf(value.strip()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** After the config data is loaded. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
