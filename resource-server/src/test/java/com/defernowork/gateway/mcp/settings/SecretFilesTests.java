package com.defernowork.gateway.mcp.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.web.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Secrets mounted as files (compose, Docker or Kubernetes secrets) instead of environment
 * variables: each file in {@code GATEWAY_SECRETS_DIR} sets the variable it is named
 * after, through the application's own {@code application.yml}.
 */
class SecretFilesTests {

	@TempDir
	Path secrets;

	@Test
	void runWhenTheClientSecretIsAFileThenTheSecurityPropertiesTakeItWithoutItsNewline() throws Exception {
		Files.writeString(this.secrets.resolve("RS_CLIENT_SECRET"), "rs-secret-from-a-file\n");
		Files.writeString(this.secrets.resolve("RS_CLIENT_ID"), "mcp-rs-7\n");
		// the folder as an operator writes it, with or without the slash Spring's config
		// tree import asks for
		for (String folder : List.of(this.secrets.toString(), this.secrets + "/")) {
			try (ConfigurableApplicationContext context = run("--GATEWAY_SECRETS_DIR=" + folder)) {
				McpSecurityProperties properties = context.getBean(McpSecurityProperties.class);
				assertThat(properties.clientSecret()).as(folder).isEqualTo("rs-secret-from-a-file");
				assertThat(properties.clientId()).as(folder).isEqualTo("mcp-rs-7");
			}
		}
		// a setting given otherwise wins over the file
		try (ConfigurableApplicationContext context = run("--GATEWAY_SECRETS_DIR=" + this.secrets + "/",
				"--RS_CLIENT_SECRET=from-the-command-line")) {
			assertThat(context.getBean(McpSecurityProperties.class).clientSecret()).isEqualTo("from-the-command-line");
		}
	}

	@Test
	void runWhenTheFolderIsEmptyThenTheDefaultFolderNotTheFileSystemsRoot() {
		try (ConfigurableApplicationContext context = run("--GATEWAY_SECRETS_DIR=")) {
			assertThat(context.getBean(McpSecurityProperties.class).clientSecret()).isEqualTo("change-me-rs-secret");
		}
	}

	@Test
	void runWhenTheFolderIsTheRootOrAFileThenRefusedNamingTheVariable() throws Exception {
		// the import would read every file below the root, and stop on a file with a
		// stack trace
		Path file = Files.writeString(this.secrets.resolve("a-file"), "x");
		for (String folder : List.of("/", "/.")) {
			assertThatExceptionOfType(InvalidSettingException.class)
				.isThrownBy(() -> run("--GATEWAY_SECRETS_DIR=" + folder))
				.withMessageStartingWith("GATEWAY_SECRETS_DIR (spring.config.import) must be a folder of secret "
						+ "files, not the file system's root");
		}
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> run("--GATEWAY_SECRETS_DIR=" + file))
			.withMessage("GATEWAY_SECRETS_DIR (spring.config.import) must be the folder holding the secret files, not "
					+ "one of the files, e.g. /run/secrets, was '" + file + "'");
	}

	@Test
	void runWhenTheFolderDoesNotExistThenTheDefaultsHold() {
		try (ConfigurableApplicationContext context = run("--GATEWAY_SECRETS_DIR=" + this.secrets.resolve("absent"))) {
			assertThat(context.getBean(McpSecurityProperties.class).clientSecret()).isEqualTo("change-me-rs-secret");
		}
	}

	private static ConfigurableApplicationContext run(String... arguments) {
		SpringApplication application = new SpringApplication(WithSecurityProperties.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] all = new String[arguments.length + 1];
		System.arraycopy(arguments, 0, all, 0, arguments.length);
		all[arguments.length] = "--spring.main.banner-mode=off";
		return application.run(all);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(McpSecurityProperties.class)
	static class WithSecurityProperties {

	}

}
