package com.defernowork.gateway.auth;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets mounted as files (compose, Docker or Kubernetes secrets) instead of environment
 * variables: each file in {@code GATEWAY_SECRETS_DIR} sets the variable it is named
 * after, as {@code echo … > file} writes it.
 */
class SecretFilesIT {

	private static final String SECRET = "rs-secret-from-a-file-0123456789-abcdefghijklmn";

	@TempDir
	Path secrets;

	@Test
	void startWhenSecretsAreFilesThenTheServerTakesThemWithoutTheirNewline() throws Exception {
		Files.writeString(this.secrets.resolve("RS_CLIENT_SECRET"), SECRET + "\n");
		Files.writeString(this.secrets.resolve("VAULT_KEY"), RunningAuthServer.VAULT_KEY + "\n");
		int port = FreePorts.next();
		String baseUrl = "http://127.0.0.1:" + port;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class).run(
				"--server.port=" + port, "--auth.issuer=" + baseUrl, "--auth.storage=memory",
				// as an operator may write it: without the slash Spring's config tree
				// asks for
				"--GATEWAY_SECRETS_DIR=" + this.secrets)) {
			Browser browser = new Browser();
			// the resource server's credentials, with the secret of the file
			HttpResponse<String> answer = browser.postForm(baseUrl + "/oauth2/introspect",
					Map.of("token", "no-such-token"), "Authorization",
					AuthorizationCodeFlow.basic("mcp-resource-server", SECRET));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			assertThat(Json.parse(answer.body())).containsEntry("active", false);
			assertThat(browser
				.postForm(baseUrl + "/oauth2/introspect", Map.of("token", "no-such-token"), "Authorization",
						AuthorizationCodeFlow.basic("mcp-resource-server", "change-me-rs-secret"))
				.statusCode()).isEqualTo(401);
			// the vault runs on the key of the file, not on one generated for the process
			assertThat(context.getEnvironment().getProperty("auth.vault.key")).isEqualTo(RunningAuthServer.VAULT_KEY);
		}
	}

	@Test
	void startWhenComposePassesTheVariablesEmptyThenTheFilesStillSetThem() throws Exception {
		// a rotation: the old key moved to a file, while compose's ${VAULT_OLD_KEYS:-}
		// passes the variable .env no longer sets as an empty one
		String oldKeys = "k0:b2xkLXZhdWx0LWtleS0zMi1ieXRlcy1sb25nLTAwMDA=";
		Files.writeString(this.secrets.resolve("VAULT_OLD_KEYS"), oldKeys + "\n");
		Files.writeString(this.secrets.resolve("RS_CLIENT_SECRET"), SECRET + "\n");
		Map<String, Object> variables = new HashMap<>(System.getenv());
		variables.putAll(Map.of("GATEWAY_SECRETS_DIR", this.secrets.toString(), "VAULT_KEY",
				RunningAuthServer.VAULT_KEY, "VAULT_OLD_KEYS", "", "RS_CLIENT_SECRET", ""));
		StandardEnvironment environment = new StandardEnvironment();
		// a test cannot change its JVM's environment: these variables stand in for it
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		int port = FreePorts.next();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class)
			.environment(environment)
			.run("--server.port=" + port, "--auth.issuer=http://127.0.0.1:" + port, "--auth.storage=memory")) {
			assertThat(context.getEnvironment().getProperty("auth.vault.old-keys")).isEqualTo(oldKeys);
			assertThat(context.getEnvironment().getProperty("auth.rs-client.secret")).isEqualTo(SECRET);
		}
	}

}
