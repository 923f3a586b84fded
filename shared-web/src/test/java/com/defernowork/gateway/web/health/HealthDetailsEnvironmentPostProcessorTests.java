package com.defernowork.gateway.web.health;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class HealthDetailsEnvironmentPostProcessorTests {

	private static final String SHOW_DETAILS = "management.endpoint.health.show-details";

	private final HealthDetailsEnvironmentPostProcessor processor = new HealthDetailsEnvironmentPostProcessor();

	private String showDetails(MockEnvironment environment) {
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(SHOW_DETAILS);
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

}
