package com.defernowork.gateway.mcp.settings;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import com.defernowork.gateway.mcp.ResourceServerApplication;
import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad setting stops the start with Spring Boot's short report naming the setting, not
 * with a stack trace (the application's {@code FailureAnalyzer} from
 * {@code META-INF/spring.factories}).
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingStartupTests {

	@Test
	void runWhenIssuerIsNoUrlThenShortReportNamesTheSetting(CapturedOutput output) {
		SpringApplication application = new SpringApplication(WithSecurityProperties.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> application.run("--mcp.security.issuer=not a url", "--spring.main.banner-mode=off"))
			.hasRootCauseInstanceOf(InvalidSettingException.class);
		String report = output.getAll().substring(output.getAll().indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("""
				Description:

				AUTH_ISSUER (mcp.security.issuer) must be an http(s) origin without path, query or trailing slash, \
				e.g. https://mcp.example.com, was 'not a url'

				Action:

				Set AUTH_ISSUER (mcp.security.issuer) to an http(s) origin""");
		assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Failed to bind properties");
		assertThat(report.lines().count()).isLessThan(15);
	}

	@Test
	void runWhenTheWholeServerRefusesASettingThenTheReportIsTheOnlyErrorLogged(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ResourceServerApplication.class);
		int before = output.getAll().length();
		assertThatThrownBy(() -> application.run("--server.port=0", "--management.server.port=",
				"--spring.main.banner-mode=off", "--mcp.security.issuer=not a url"))
			.hasRootCauseInstanceOf(InvalidSettingException.class);
		String start = output.getAll().substring(before);
		// Tomcat's ERROR said it above the report, naming exception classes and beans
		assertThat(start.lines()
			.filter((line) -> line.contains(" ERROR ") && !line.contains("LoggingFailureAnalysisReporter"))).isEmpty();
		assertThat(start).doesNotContain("UnsatisfiedDependencyException")
			.doesNotContain("Exception encountered during context initialization");
	}

	/**
	 * The format is read as the settings bind it, blank being the default: the validator
	 * was chosen from the raw value, so these started no validator and the start failed
	 * deep in the security configuration.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''       | false
			' '      | false
			' opaque'| false
			'jwt '   | true
			JWT      | true
			""")
	void runWhenTokenFormatBlankOrSpacedThenItsValidatorStarts(String format, boolean jwt) {
		SpringApplication application = new SpringApplication(ResourceServerApplication.class);
		try (ConfigurableApplicationContext context = application.run("--server.port=0", "--management.server.port=",
				"--spring.main.banner-mode=off", "--mcp.security.token-format=" + format)) {
			assertThat(context.getBeanNamesForType(JwtDecoder.class)).hasSize(jwt ? 1 : 0);
			assertThat(context.getBeanNamesForType(CachingOpaqueTokenIntrospector.class)).hasSize(jwt ? 0 : 1);
		}
	}

	@Test
	void runWhenTokenFormatUnknownThenShortReportNamesTheSetting(CapturedOutput output) {
		String report = refusedStart(output, "--mcp.security.token-format=jwk");
		assertThat(report).contains("mcp.security.token-format must be one of opaque, jwt, was 'jwk'");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					mcp.security.client-id=                             | RS_CLIENT_ID (mcp.security.client-id) must be
					mcp.security.client-secret=                         | RS_CLIENT_SECRET (mcp.security.client-secret) must be
					mcp.security.internal-url=http://127.0.0.1:8180?x=1 | AUTH_INTERNAL_URL (mcp.security.internal-url) must be the auth server's root URL
					mcp.security.internal-url=http://127.0.0.1:8180/x   | AUTH_INTERNAL_URL (mcp.security.internal-url) must be the auth server's root URL
					mcp.security.allowed-hosts=http://a.example         | MCP_ALLOWED_HOSTS (mcp.security.allowed-hosts) must be host names
					mcp.security.allowed-origins=a.example              | MCP_ALLOWED_ORIGINS (mcp.security.allowed-origins) must be origins
					mcp.security.allowed-origins=null                   | MCP_ALLOWED_ORIGINS (mcp.security.allowed-origins) must be origins
					mcp.endpoint.max-request-size=10                    | MCP_MAX_REQUEST_SIZE (mcp.endpoint.max-request-size) must be a size of 1KB or more
					""")
	void runWhenSettingRefusedThenShortReportNamesIt(String setting, String description, CapturedOutput output) {
		String report = refusedStart(output, "--" + setting);
		assertThat(report).contains("Description:\n\n" + description);
	}

	@Test
	void runWhenEveryOriginAllowedThenStartsWithOneWarning(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ResourceServerApplication.class);
		int before = output.getAll().length();
		try (ConfigurableApplicationContext context = application.run("--server.port=0", "--management.server.port=",
				"--spring.main.banner-mode=off", "--mcp.security.allowed-origins=*")) {
			assertThat(output.getAll()
				.substring(before)
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("MCP_ALLOWED_ORIGINS")
						&& line.contains("turns off the Origin check")))
				.hasSize(1);
		}
	}

	/**
	 * The report of a whole server's start refused for a setting, and that it is short.
	 */
	private static String refusedStart(CapturedOutput output, String setting) {
		SpringApplication application = new SpringApplication(ResourceServerApplication.class);
		int before = output.getAll().length();
		assertThatThrownBy(() -> application.run("--server.port=0", "--management.server.port=",
				"--spring.main.banner-mode=off", setting))
			.isNotNull();
		String start = output.getAll().substring(before);
		assertThat(start).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
		String report = start.substring(start.indexOf("APPLICATION FAILED TO START"));
		assertThat(report.lines().count()).as(report).isLessThan(20);
		return report;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(McpSecurityProperties.class)
	static class WithSecurityProperties {

	}

}
