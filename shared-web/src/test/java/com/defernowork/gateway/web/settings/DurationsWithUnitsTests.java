package com.defernowork.gateway.web.settings;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class DurationsWithUnitsTests {

	/** As application.yml maps the variables. */
	private static MockEnvironment environment(String variable, String value) {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addLast(new OriginTrackedMapPropertySource("Config resource 'application.yml'",
					Map.of("auth.access-token-ttl", "${AUTH_ACCESS_TOKEN_TTL:1h}", "auth.port", "${AUTH_PORT:9000}")));
		if (value != null) {
			environment.setProperty(variable, value);
		}
		return environment;
	}

	private static void process(MockEnvironment environment) {
		new DurationsWithUnits().postProcessEnvironment(environment, new SpringApplication());
	}

	@Test
	void whenADurationVariableIsABareNumberThenTheStartStopsNamingItAndTheUnitItMeant() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> process(environment("AUTH_ACCESS_TOKEN_TTL", "3600")))
			.withMessage("AUTH_ACCESS_TOKEN_TTL (auth.access-token-ttl) must be a duration with its unit, e.g. 3600s, "
					+ "30s, 5m or 1h (a number alone would be read as milliseconds), was '3600'");
	}

	@Test
	void whenWithAUnitZeroUnsetOrNotADurationThenLeftAsItIs() {
		for (String value : new String[] { "3600s", "60m", "PT1H", "0", null }) {
			assertThatNoException().isThrownBy(() -> process(environment("AUTH_ACCESS_TOKEN_TTL", value)));
		}
		// a port's default has no unit: a number is what it takes
		assertThatNoException().isThrownBy(() -> process(environment("AUTH_PORT", "9100")));
	}

}
