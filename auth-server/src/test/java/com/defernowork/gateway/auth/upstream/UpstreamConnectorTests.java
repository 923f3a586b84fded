package com.defernowork.gateway.auth.upstream;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamConnectorTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(DefernoSide.class, OidcSide.class);

	@Test
	void connectorWhenAbsentBlankPaddedOrInAnyCaseThenAsUpstreamPropertiesReadsIt() {
		Map<String, String> expected = Map.of("", "deferno", "  ", "deferno", "deferno", "deferno", " oidc ", "oidc",
				"oidc", "oidc", "OIDC", "oidc", "Deferno", "deferno");
		expected
			.forEach((value, connector) -> this.contexts.withPropertyValues(UpstreamConnector.PROPERTY + "=" + value)
				.run((context) -> assertThat(context).as("'%s'", value)
					.hasSingleBean(String.class)
					.getBean(String.class)
					.isEqualTo(connector)));
		this.contexts.run((context) -> assertThat(context.getBean(String.class)).isEqualTo("deferno"));
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(UpstreamConnector.Deferno.class)
	static class DefernoSide {

		@Bean
		String connector() {
			return "deferno";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(UpstreamConnector.Oidc.class)
	static class OidcSide {

		@Bean
		String connector() {
			return "oidc";
		}

	}

}
