package com.defernowork.gateway.web.health;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ManagementPortEnvironmentPostProcessorTests {

	private static final String SHOW_DETAILS = "management.endpoint.health.show-details";

	private static final String ADDRESS = "management.server.address";

	private final ManagementPortEnvironmentPostProcessor processor = new ManagementPortEnvironmentPostProcessor();

	private String showDetails(MockEnvironment environment) {
		return processed(environment, SHOW_DETAILS);
	}

	/** {@code property} as the application sees it once the environment is processed. */
	private String processed(MockEnvironment environment, String property) {
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(property);
	}

	@Test
	void whenTheActuatorSharesTheApplicationPortThenNoDetailsWhateverTheConfiguration() {
		assertThat(showDetails(new MockEnvironment().withProperty(SHOW_DETAILS, "always"))).isEqualTo("never");
		assertThat(showDetails(
				new MockEnvironment().withProperty(SHOW_DETAILS, "always").withProperty("management.server.port", "")))
			.isEqualTo("never");
		assertThat(showDetails(new MockEnvironment().withProperty(SHOW_DETAILS, "always")
			.withProperty("server.port", "8001")
			.withProperty("management.server.port", "8001"))).isEqualTo("never");
	}

	@Test
	void whenAManagementPortOfItsOwnThenTheDetailsAsConfigured() {
		assertThat(showDetails(new MockEnvironment().withProperty(SHOW_DETAILS, "always")
			.withProperty("server.port", "8001")
			.withProperty("management.server.port", "8002"))).isEqualTo("always");
		assertThat(showDetails(new MockEnvironment().withProperty(SHOW_DETAILS, "always")
			.withProperty("server.port", "0")
			.withProperty("management.server.port", "0"))).as("each a random port of its own").isEqualTo("always");
	}

	@Test
	void whenAPortIsNoNumberThenNoDetailsAndNothingThrownHere() {
		// Boot's binding names the setting at start, as for any other
		assertThat(showDetails(new MockEnvironment().withProperty(SHOW_DETAILS, "always")
			.withProperty("server.port", "abc")
			.withProperty("management.server.port", "8002"))).isEqualTo("always");
		assertThat(showDetails(new MockEnvironment().withProperty(SHOW_DETAILS, "always")
			.withProperty("management.server.port", "abc"))).isEqualTo("never");
	}

	@Test
	void whenAManagementPortOfItsOwnThenItBindsTheApplicationsAddress() {
		assertThat(processed(new MockEnvironment().withProperty("server.address", "127.0.0.1")
			.withProperty("management.server.port", "8002"), ADDRESS)).isEqualTo("127.0.0.1");
		assertThat(processed(new MockEnvironment().withProperty("server.address", "127.0.0.1")
			.withProperty("management.server.port", "8002")
			.withProperty(ADDRESS, "10.0.0.5"), ADDRESS)).as("set by the operator").isEqualTo("10.0.0.5");
	}

	@Test
	void whenTheActuatorSharesTheApplicationPortThenNoAddressOfItsOwn() {
		// Boot refuses to start with a management address but no port of its own
		assertThat(processed(new MockEnvironment().withProperty("server.address", "127.0.0.1"), ADDRESS)).isNull();
		assertThat(processed(new MockEnvironment().withProperty("management.server.port", "8002"), ADDRESS))
			.as("no server.address: Boot's every interface, as the application")
			.isNull();
	}

}
