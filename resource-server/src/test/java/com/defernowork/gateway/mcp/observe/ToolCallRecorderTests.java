package com.defernowork.gateway.mcp.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;

import com.defernowork.gateway.mcp.catalog.ToolCallListener.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's outcome is the timer's tag as it is; the person's activity trail, whose page
 * says "failed" for any error result and whose auth servers take {@code ok},
 * {@code error} and {@code denied}, gets a {@code client_error} as {@code error}.
 */
class ToolCallRecorderTests {

	private final BlockingQueue<List<Map<String, Object>>> reported = new LinkedBlockingQueue<>();

	private final ActivityReporter activity = new ActivityReporter((calls) -> this.reported.add(List.copyOf(calls)), 10,
			10, Duration.ZERO, RetryPolicy.withMaxRetries(0));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void stop() throws InterruptedException {
		SecurityContextHolder.clearContext();
		this.activity.destroy();
	}

	@Test
	void toolCalledWhenTheCallerErredThenTimedAsClientErrorAndReportedAsAnError() throws Exception {
		DefaultOAuth2AuthenticatedPrincipal person = new DefaultOAuth2AuthenticatedPrincipal(
				Map.of("sub", "id-alice", "client_id", "app"), List.of());
		SecurityContextHolder.getContext()
			.setAuthentication(new BearerTokenAuthentication(person, new OAuth2AccessToken(
					OAuth2AccessToken.TokenType.BEARER, "t", Instant.now(), Instant.now().plusSeconds(60)), List.of()));
		ToolCallRecorder recorder = new ToolCallRecorder(this.registry, JsonMapper.builder().build(), this.activity);

		recorder.toolCalled("get_item", Outcome.CLIENT_ERROR, "deferno_error", Duration.ofMillis(5));

		assertThat(this.registry.get("gateway.mcp.tool.calls")
			.tags("tool", "get_item", "outcome", "client_error")
			.timer()
			.count()).isEqualTo(1);
		List<Map<String, Object>> batch = this.reported.poll(10, TimeUnit.SECONDS);
		assertThat(batch).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("tool", "get_item").containsEntry("outcome", "error"));
	}

}
