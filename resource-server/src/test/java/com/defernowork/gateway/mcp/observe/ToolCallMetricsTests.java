package com.defernowork.gateway.mcp.observe;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.mcp.tool.calls} tells the caller's mistakes ({@code client_error}) from
 * failures ({@code error}), in the metric and the audit line alike.
 */
@ExtendWith(OutputCaptureExtension.class)
class ToolCallMetricsTests extends McpToolTestSupport {

	private static final String ITEM = "11111111-2222-3333-4444-555555555555";

	@Autowired
	private MeterRegistry registry;

	@Test
	void toolCallsWhenTheCallerErrsThenClientErrorWhenDefernoFailsThenError(CapturedOutput output) {
		double refused = count("get_item", "client_error");
		double invalid = count("list_items", "client_error");
		double failed = count("whoami", "error");
		double failures = count("get_item", "error");

		// Deferno's 404 and 422: what the agent asked for is not there, or not valid
		stub(get("/api/items/" + ITEM).willReturn(failure(404, "not_found", "item not found")));
		error("get_item", Map.of("item", ITEM));
		stub(get("/api/items/" + ITEM).willReturn(failure(422, "validation_error", "bad item")));
		error("get_item", Map.of("item", ITEM));
		// refused by the tool's input schema before anything is sent
		error("list_items", Map.of("kind", "bogus"));
		// Deferno failing: a 503 (retried, then given up), a 429, no answer
		stub(get("/api/auth/me").willReturn(aResponse().withStatus(503)));
		error("whoami", Map.of());
		stub(get("/api/auth/me").willReturn(failure(429, "rate_limited", "slow down")));
		error("whoami", Map.of());
		stub(get("/api/items/" + ITEM).willReturn(aResponse().withStatus(500)));
		error("get_item", Map.of("item", ITEM));

		assertThat(count("get_item", "client_error") - refused).isEqualTo(2);
		assertThat(count("list_items", "client_error") - invalid).isEqualTo(1);
		assertThat(count("whoami", "error") - failed).isEqualTo(2);
		assertThat(count("get_item", "error") - failures).isEqualTo(1);
		assertThat(output.getAll()).contains(
				"\"tool\":\"get_item\",\"outcome\":\"client_error\",\"reason\":\"deferno_error\"",
				"\"tool\":\"list_items\",\"outcome\":\"client_error\",\"reason\":\"invalid_arguments\"",
				"\"tool\":\"whoami\",\"outcome\":\"error\",\"reason\":\"deferno_error\"",
				"\"tool\":\"get_item\",\"outcome\":\"error\",\"reason\":\"deferno_error\"");
	}

	private double count(String tool, String outcome) {
		Timer timer = this.registry.find("gateway.mcp.tool.calls").tags("tool", tool, "outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
