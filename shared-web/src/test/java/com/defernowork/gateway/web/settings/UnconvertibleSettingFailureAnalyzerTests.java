package com.defernowork.gateway.web.settings;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UnconvertibleSettingFailureAnalyzerTests {

	private final UnconvertibleSettingFailureAnalyzer analyzer = new UnconvertibleSettingFailureAnalyzer(null);

	record Tokens(Duration accessTokenTtl, int maxConnections, Mode mode, InetAddress address) {
	}

	enum Mode {

		OPAQUE, JWT

	}

	private FailureAnalysis bind(MockEnvironment environment) {
		BindException failure = catchThrowableOfType(BindException.class,
				() -> Binder.get(environment).bind("auth.tokens", Bindable.of(Tokens.class)));
		assertThat(failure).isNotNull();
		return this.analyzer.analyze(new IllegalStateException(failure));
	}

	@Test
	void analyzeWhenApplicationYmlMapsAVariableThenTheVariableItsPropertyAndWhatItTakesAreNamed() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("auth.tokens.access-token-ttl", "${AUTH_ACCESS_TOKEN_TTL:1h}")
			.withProperty("AUTH_ACCESS_TOKEN_TTL", "abc");
		FailureAnalysis analysis = bind(environment);
		assertThat(analysis.getDescription()).isEqualTo("AUTH_ACCESS_TOKEN_TTL (auth.tokens.access-token-ttl) must be "
				+ "a duration with its unit, such as 30s, 5m or 1h, was 'abc'");
		assertThat(analysis.getAction()).isEqualTo("Set AUTH_ACCESS_TOKEN_TTL (auth.tokens.access-token-ttl) to a "
				+ "duration with its unit, such as 30s, 5m or 1h, or leave it unset for the default.");
	}

	@Test
	void analyzeWhenNumberOrChoiceUnreadableThenSaidSo() {
		assertThat(bind(new MockEnvironment().withProperty("auth.tokens.max-connections", "ten")).getDescription())
			.isEqualTo("auth.tokens.max-connections must be a whole number, was 'ten'");
		assertThat(bind(new MockEnvironment().withProperty("auth.tokens.mode", "paseto")).getDescription())
			.isEqualTo("auth.tokens.mode must be one of opaque, jwt, was 'paseto'");
		// as SERVER_ADDRESS is read: Boot's report quoted an UnknownHostException
		assertThat(bind(new MockEnvironment().withProperty("auth.tokens.address", "256.1.1.1")).getDescription())
			.isEqualTo("auth.tokens.address must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name this "
					+ "machine resolves, was '256.1.1.1'");
	}

	@Test
	void analyzeWhenSetStraightInTheEnvironmentThenItsVariableIsNamed() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AUTH_TOKENS_ACCESS_TOKEN_TTL", "1x")));
		assertThat(bind(environment).getDescription()).startsWith(
				"AUTH_TOKENS_ACCESS_TOKEN_TTL (auth.tokens.access-token-ttl) must be a duration with its unit, such as 30s, 5m or 1h");
	}

	@Test
	void analyzeWhenReadStraightFromTheEnvironmentThenNamedAsWhenBound() {
		assertThat(startReadingThePort(Map.of("server.port", "${AUTH_PORT:9000}", "AUTH_PORT", "abc")))
			.isEqualTo("AUTH_PORT (server.port) must be a whole number, was 'abc'");
		assertThat(startReadingThePort(Map.of("SERVER_PORT", "abc")))
			.isEqualTo("SERVER_PORT (server.port) must be a whole number, was 'abc'");
	}

	@Test
	void analyzeWhenInjectedWithValueThenNamedByItsPlaceholder() {
		assertThat(start(InjectsALimit.class,
				Map.of("auth.registration.max-body-bytes", "${AUTH_REGISTRATION_MAX_BODY:16384}",
						"AUTH_REGISTRATION_MAX_BODY", "16KB")))
			.isEqualTo("AUTH_REGISTRATION_MAX_BODY (auth.registration.max-body-bytes) must be a whole number, "
					+ "was '16KB'");
	}

	@Test
	void analyzeWhenAPortIsBeyond65535ThenTheSettingHoldingItIsNamed() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.server.port", "${AUTH_MANAGEMENT_PORT:}")
			.withProperty("AUTH_MANAGEMENT_PORT", "70000");
		// as Tomcat's connector refuses it, once the application's port is open
		Throwable failure = new IllegalStateException("Unable to start embedded Tomcat server",
				new IllegalArgumentException("Connector [http-nio-127.0.0.1-70000] failed to start",
						new IllegalArgumentException("port out of range:70000")));

		assertThat(new UnconvertibleSettingFailureAnalyzer(environment).analyze(failure).getDescription())
			.isEqualTo("AUTH_MANAGEMENT_PORT (management.server.port) must be a port number from 0 to 65535, "
					+ "was '70000'");
	}

	/** The report of a start whose condition reads server.port from these variables. */
	private static String startReadingThePort(Map<String, Object> variables) {
		return start(ReadsThePort.class, variables);
	}

	/** The report of a start of {@code configuration} with these variables. */
	private static String start(Class<?> configuration, Map<String, Object> variables) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
		application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) (prepared) -> {
			prepared.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
			environment.set(prepared.getEnvironment());
		});
		Throwable failure = catchThrowable(application::run);
		return new UnconvertibleSettingFailureAnalyzer(environment.get()).analyze(failure).getDescription();
	}

	/** A setting injected as a number. */
	@Configuration(proxyBeanMethods = false)
	static class InjectsALimit {

		InjectsALimit(@Value("${auth.registration.max-body-bytes:16384}") int maxBodyBytes) {
		}

	}

	/** As a condition reads server.port, before any settings are bound. */
	@Configuration(proxyBeanMethods = false)
	static class ReadsThePort {

		ReadsThePort(Environment environment) {
			environment.getProperty("server.port", Integer.class);
		}

	}

}
