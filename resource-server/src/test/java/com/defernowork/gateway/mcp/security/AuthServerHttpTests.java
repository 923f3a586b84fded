package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.mcp.security.TokenAnswerCache.Timed;

import static org.assertj.core.api.Assertions.assertThat;

class AuthServerHttpTests {

	private static final McpSecurityProperties PROPERTIES = new McpSecurityProperties("https://mcp.example.test",
			"http://localhost:9000", null, "rs", "secret", McpSecurityProperties.TokenFormat.OPAQUE,
			new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2),
					Duration.ofMinutes(10), 100),
			List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 200, true,
			600);

	@Test
	void answerCacheWhenAskedWithinAnObservationThenTheQuestionRunsElsewhereInThatObservation() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		TokenAnswerCache<String> cache = AuthServerHttp.answerCache(PROPERTIES, "test-check-");
		AtomicReference<Observation> seen = new AtomicReference<>();
		AtomicReference<String> thread = new AtomicReference<>();
		Observation request = Observation.start("http.server.requests", registry);
		try (Observation.Scope scope = request.openScope()) {
			cache.get("token", (token) -> {
				seen.set(registry.getCurrentObservation());
				thread.set(Thread.currentThread().getName());
				return Timed.lasting("answer", Duration.ofSeconds(60));
			});
		}
		finally {
			request.stop();
		}
		assertThat(thread.get()).startsWith("test-check-");
		assertThat(seen.get()).isSameAs(request);
	}

}
