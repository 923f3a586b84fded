package com.defernowork.gateway.mcp.server;

import java.nio.charset.StandardCharsets;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.trace.MetaTraceScope;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet's last resort: a failure of the gateway's own while it serves a request.
 */
class McpEndpointServletTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void serviceWhenTheGatewayFailsMidRequestThenInternalErrorWithTheRequestsIdAndNoDetail() throws Exception {
		// the trace scope's observation fails as it starts: a bug of the gateway's, after
		// the request was read
		ObservationRegistry failing = ObservationRegistry.create();
		failing.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				throw new IllegalStateException("broken at 10.0.0.7");
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		McpEndpointServlet servlet = new McpEndpointServlet(null, null, this.json, new MetaTraceScope(failing), null);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setContentType("application/json");
		request.setContent(("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/list\",\"params\":{\"_meta\":"
				+ "{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}}")
			.getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();

		servlet.service(request, response);

		assertThat(response.getStatus()).isEqualTo(200);
		JsonNode answer = this.json.readTree(response.getContentAsString());
		assertThat(answer.get("id").asLong()).isEqualTo(42);
		assertThat(answer.at("/error/code").asInt()).isEqualTo(JsonRpcErrors.INTERNAL_ERROR);
		assertThat(answer.at("/error/message").asString()).isEqualTo("Internal error");
		assertThat(response.getContentAsString()).doesNotContain("10.0.0.7", "IllegalStateException");
	}

}
