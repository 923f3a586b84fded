package com.defernowork.gateway.auth.storage.memory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.support.RunningAuthServer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart without Redis: the whole auth server reports UP and says loudly that it
 * keeps nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemoryStorageHealthIT {

	@Test
	void healthWhenMemoryStorageAndRedisUnreachableThenUp(CapturedOutput output) throws Exception {
		// a Redis URL that nothing answers: memory storage must not even try it
		try (RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("auth.storage", "memory", "REDIS_URL", "redis://127.0.0.1:1", "management.server.port", 0))) {
			HttpResponse<String> health = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());

			assertThat(health.statusCode()).isEqualTo(200);
			// it writes nothing to disk: no disk check, which would name the folder it
			// runs in
			assertThat(health.body()).contains("\"status\":\"UP\"", "\"components\"")
				.doesNotContain("diskSpace", Path.of("").toAbsolutePath().toString());
			assertThat(output).contains("IN-MEMORY STORAGE");
		}
	}

}
