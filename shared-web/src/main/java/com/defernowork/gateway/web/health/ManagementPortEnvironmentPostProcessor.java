package com.defernowork.gateway.web.health;

import java.util.Map;

import com.defernowork.gateway.web.settings.ServerSettingsEnvironmentPostProcessor;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Health details only on a management port of its own. They name what operators need
 * (internal addresses, an upstream's or Redis's own answer, the settings to check), and
 * on the application port anyone who reaches the service directly could read them; there
 * the health answer is the status alone. A management port of its own binds the
 * application's interface ({@code server.address}) unless
 * {@code management.server.address} says otherwise: Boot binds it on every interface,
 * which would publish the details and the metrics of a server bound to loopback. Both
 * servers read their settings so, from this one place.
 */
public final class ManagementPortEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "healthDetailsOnManagementPortOnly";

	static final String ADDRESS_SOURCE = "managementPortOnTheApplicationsAddress";

	static final String MANAGEMENT_PORT = "management.server.port";

	static final String MANAGEMENT_ADDRESS = "management.server.address";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ownPort(environment)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of("management.endpoint.health.show-details",
						"never", "management.endpoint.health.show-components", "never")));
			return;
		}
		String address = environment.getProperty("server.address");
		if (address != null && !address.isBlank()) {
			// last: a management.server.address set anywhere wins
			environment.getPropertySources()
				.addLast(new MapPropertySource(ADDRESS_SOURCE, Map.of(MANAGEMENT_ADDRESS, address)));
		}
	}

	/**
	 * As Boot decides it: a port other than the application's, or a random one (0). A
	 * value that is no number counts as none here; Boot's binding then names the setting.
	 */
	private static boolean ownPort(ConfigurableEnvironment environment) {
		Integer management = ServerSettingsEnvironmentPostProcessor.number(environment.getProperty(MANAGEMENT_PORT));
		Integer server = ServerSettingsEnvironmentPostProcessor.number(environment.getProperty("server.port", "8080"));
		return management != null && (management == 0 || !management.equals(server));
	}

	/** After the config data is loaded. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
