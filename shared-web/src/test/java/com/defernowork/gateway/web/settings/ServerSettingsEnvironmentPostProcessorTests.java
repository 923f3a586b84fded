package com.defernowork.gateway.web.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A negative port started a server listening on nothing ("Tomcat started on port -1"): it
 * is refused as one beyond 65535 is, naming the setting; so is a connection limit below
 * 1, which Boot ignored.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerSettingsEnvironmentPostProcessorTests {

	@Test
	void startWhenThePortIsNegativeThenShortReportNamesTheSetting(CapturedOutput output) {
		assertThat(refusedStart(output, "--server.port=${AUTH_PORT:9000}", "--AUTH_PORT=-1"))
			.contains("AUTH_PORT (server.port) must be a port number from 0 to 65535, was '-1'");
	}

	@Test
	void startWhenTheManagementPortIsNegativeOrBeyond65535ThenShortReportNamesTheSetting(CapturedOutput output) {
		assertThat(
				refusedStart(output, "--management.server.port=${AUTH_MANAGEMENT_PORT:}", "--AUTH_MANAGEMENT_PORT=-1"))
			.contains("AUTH_MANAGEMENT_PORT (management.server.port) must be a port number from 0 to 65535, was '-1'");
		assertThat(refusedStart(output, "--server.port=70000"))
			.contains("server.port must be a port number from 0 to 65535, was '70000'");
	}

	@Test
	void startWhenTheConnectionLimitIsNotPositiveThenShortReportNamesTheSetting(CapturedOutput output) {
		// Boot ignored it, and Tomcat's own 8,192 applied
		for (String limit : new String[] { "0", "-1" }) {
			assertThat(refusedStart(output, "--server.tomcat.max-connections=${AUTH_MAX_CONNECTIONS:1000}",
					"--AUTH_MAX_CONNECTIONS=" + limit))
				.contains("AUTH_MAX_CONNECTIONS (server.tomcat.max-connections) must be a whole number of 1 or more, "
						+ "was '" + limit + "'");
		}
		start("--server.tomcat.max-connections=1").close();
	}

	@Test
	void startWhenPortsAreFromZeroTo65535OrUnsetThenStarts() {
		start("--server.port=0", "--management.server.port=65535").close();
		start("--management.server.port=").close();
	}

	private static String refusedStart(CapturedOutput output, String... args) {
		int before = output.getAll().length();
		assertThatThrownBy(() -> start(args)).isInstanceOf(InvalidSettingException.class);
		String report = output.getAll().substring(before);
		assertThat(report).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
		return report;
	}

	private static org.springframework.context.ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off"));
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
