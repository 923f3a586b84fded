package com.defernowork.gateway.web.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret files in {@code GATEWAY_SECRETS_DIR}, imported as both servers'
 * {@code application.yml} does, beside environment variables of the same name (compose
 * passes one that {@code .env} leaves unset as empty).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretFileOrVariableEnvironmentPostProcessorTests {

	@TempDir
	Path secrets;

	@Test
	void runWhenTheVariableIsEmptyOrBlankThenItsSecretFileIsRead(CapturedOutput output) throws Exception {
		Path oldKeys = Files.writeString(this.secrets.resolve("VAULT_OLD_KEYS"), "k0:old-key\n");
		Files.writeString(this.secrets.resolve("OIDC_CLIENT_SECRET"), "oidc-secret\n");
		ConfigurableEnvironment environment = run(
				Map.of("VAULT_OLD_KEYS", "", "OIDC_CLIENT_SECRET", " ", "INTERNAL_SHARED_SECRET", ""),
				"--auth.vault.old-keys=${VAULT_OLD_KEYS:}");
		// as a properties file maps it, and by its own name
		assertThat(environment.getProperty("auth.vault.old-keys")).isEqualTo("k0:old-key");
		assertThat(environment.getProperty("OIDC_CLIENT_SECRET")).isEqualTo("oidc-secret");
		assertThat(environment.getProperty("INTERNAL_SHARED_SECRET")).as("no file: unset, as it was empty").isNull();
		// a report naming where a value came from names the file
		assertThat(origin(environment, "VAULT_OLD_KEYS")).contains(oldKeys.toString());
		assertThat(output.getAll()).doesNotContain("is set both in the environment");
	}

	@Test
	void runWhenAFileIsNamedAsAVariableThenItSetsTheSettingsThatVariableWould() throws Exception {
		// no application.yml spells these as ${...}: a file reached them only as
		// an environment variable would
		Path password = Files.writeString(this.secrets.resolve("SPRING_DATA_REDIS_PASSWORD"), "s3cret\n");
		Files.writeString(this.secrets.resolve("AUTH_REDIS_KEY_PREFIX"), "tenant-a:\n");
		Files.writeString(this.secrets.resolve("MCP_SECURITY_CHECK_TIMEOUT"), "7s\n");
		ConfigurableEnvironment environment = run(Map.of());
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("spring.data.redis.password", String.class).get()).isEqualTo("s3cret");
		assertThat(binder.bind("auth.redis.key-prefix", String.class).get()).isEqualTo("tenant-a:");
		assertThat(binder.bind("mcp.security.check-timeout", Duration.class).get()).isEqualTo(Duration.ofSeconds(7));
		// a refused value's report names the file
		assertThat(origin(environment, "spring.data.redis.password")).contains(password.toString());
	}

	@Test
	void runWhenGivenOnTheCommandLineThenThatStillWinsOverTheFile() throws Exception {
		Files.writeString(this.secrets.resolve("VAULT_OLD_KEYS"), "k0:old-key\n");
		ConfigurableEnvironment environment = run(Map.of("VAULT_OLD_KEYS", ""),
				"--VAULT_OLD_KEYS=from-the-command-line");
		assertThat(environment.getProperty("VAULT_OLD_KEYS")).isEqualTo("from-the-command-line");
	}

	@Test
	void runWhenTheVariableHasAValueThenItWinsAndAWarningNamesItAndTheFileButNoValue(CapturedOutput output)
			throws Exception {
		Path file = Files.writeString(this.secrets.resolve("RS_CLIENT_SECRET"), "secret-from-the-file\n");
		ConfigurableEnvironment environment = run(Map.of("RS_CLIENT_SECRET", "secret-from-the-environment"));
		assertThat(environment.getProperty("RS_CLIENT_SECRET")).isEqualTo("secret-from-the-environment");
		assertThat(output.getAll().lines().filter((line) -> line.contains("RS_CLIENT_SECRET"))).singleElement()
			.asString()
			.contains(" WARN ")
			.contains("RS_CLIENT_SECRET is set both in the environment and in the secret file " + file
					+ ": the variable wins");
		assertThat(output.getAll()).doesNotContain("secret-from-the");
	}

	/** The environment a start sees with these variables and the files in the folder. */
	private ConfigurableEnvironment run(Map<String, Object> variables, String... arguments) {
		Map<String, Object> all = new HashMap<>(variables);
		all.put("GATEWAY_SECRETS_DIR", this.secrets.toString());
		return VariablesStart.run(all,
				Stream.concat(Stream.of(arguments),
						Stream.of("--spring.config.import=optional:configtree:${GATEWAY_SECRETS_DIR:/run/secrets/}",
								"--spring.main.banner-mode=off"))
					.toArray(String[]::new));
	}

	private static String origin(ConfigurableEnvironment environment, String name) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source.containsProperty(name)) {
				return String.valueOf(OriginLookup.getOrigin(source, name));
			}
		}
		return null;
	}

}
