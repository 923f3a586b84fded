package com.defernowork.gateway.web.settings;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Variables set to the empty string, as compose passes those {@code .env} leaves out,
 * read as unset, however their setting is spelt.
 */
class EmptyVariablesUnsetEnvironmentPostProcessorTests {

	/** As both servers' application.yml spell their settings. */
	private static final String[] SETTINGS = { "--deferno.base-url=${DEFERNO_BASE_URL:http://127.0.0.1:3000/api}",
			"--auth.code-ttl=${AUTH_CODE_TTL:5m}", "--spring.main.banner-mode=off" };

	@Test
	void runWhenAVariableIsEmptyThenItsPlaceholderTakesTheDefault() {
		ConfigurableEnvironment environment = VariablesStart
			.run(Map.of("DEFERNO_BASE_URL", "", "AUTH_CODE_TTL", "", "OTHER", "x"), SETTINGS);
		assertThat(environment.getProperty("deferno.base-url")).isEqualTo("http://127.0.0.1:3000/api");
		assertThat(Binder.get(environment).bind("auth.code-ttl", Duration.class).get())
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(environment.getProperty("DEFERNO_BASE_URL")).isNull();
		assertThat(environment.getProperty("OTHER")).isEqualTo("x");
	}

	@Test
	void runWhenAnEmptyVariableIsBoundByItsNameThenTheSettingIsUnset() {
		// no application.yml names these: Spring maps the variables' names
		ConfigurableEnvironment environment = VariablesStart.run(
				Map.of("SPRING_DATA_REDIS_PASSWORD", "", "MCP_SECURITY_CHECK_TIMEOUT", "7s"),
				"--spring.main.banner-mode=off");
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("spring.data.redis.password", String.class).isBound()).isFalse();
		assertThat(binder.bind("mcp.security.check-timeout", Duration.class).get()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void runWhenAVariableIsBlankThenItIsAValueCheckedAsOne() {
		ConfigurableEnvironment environment = VariablesStart.run(Map.of("DEFERNO_BASE_URL", " "), SETTINGS);
		assertThat(environment.getProperty("deferno.base-url")).isEqualTo(" ");
	}

	@Test
	void runWhenSomeVariablesAreEmptyThenTheOthersKeepTheirOrigin() {
		ConfigurableEnvironment environment = VariablesStart.run(Map.of("DEFERNO_BASE_URL", "", "AUTH_CODE_TTL", "0s"),
				SETTINGS);
		// a refused value's report says where it came from
		assertThat(String.valueOf(OriginLookup.getOrigin(
				environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME),
				"AUTH_CODE_TTL")))
			.isEqualTo("System Environment Property \"AUTH_CODE_TTL\"");
	}

}
