package com.defernowork.gateway.auth;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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

}
