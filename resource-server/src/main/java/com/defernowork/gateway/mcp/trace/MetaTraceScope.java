package com.defernowork.gateway.mcp.trace;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * Runs an MCP request under the W3C trace context of its {@code _meta} (MCP 2026-07-28):
 * as a Micrometer observation whose remote parent is that context, so every HTTP client
 * observation inside (Deferno, the authorization server) continues the caller's trace,
 * just as a {@code traceparent} header continues it through the server's own HTTP
 * observation. Without {@code _meta} trace context the request needs nothing here.
 */
public final class MetaTraceScope {

	static final String OBSERVATION = "gateway.mcp.meta.trace";

	private final ObservationRegistry registry;

	public MetaTraceScope(ObservationRegistry registry) {
		this.registry = registry;
	}

	public void runWith(Optional<TraceContext> context, TraceContext.ThrowingRunnable work) throws IOException {
		if (context.isEmpty() || this.registry.isNoop()) {
			TraceContext.runWith(context, work);
			return;
		}
		Map<String, String> carrier = new HashMap<>();
		carrier.put(TraceContext.TRACEPARENT, context.get().traceparent());
		if (context.get().tracestate() != null) {
			carrier.put(TraceContext.TRACESTATE, context.get().tracestate());
		}
		ReceiverContext<Map<String, String>> receiver = new ReceiverContext<>(Map::get);
		receiver.setCarrier(carrier);
		Observation.createNotStarted(OBSERVATION, () -> receiver, this.registry)
			.contextualName("mcp request")
			.observeChecked(() -> TraceContext.runWith(context, work));
	}

}
