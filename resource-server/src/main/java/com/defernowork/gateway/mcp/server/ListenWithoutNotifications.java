package com.defernowork.gateway.mcp.server;

import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionFilter;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionsAcknowledgedParams;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionsListenResult;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import reactor.core.publisher.Mono;

/**
 * MCP 2026-07-28's {@code subscriptions/listen}, which every server must take, for a
 * server that has no notification to send: its lists change only with a deployment and it
 * offers no resource subscriptions. The stream acknowledges an empty filter (the spec
 * omits what a server does not support), then ends at once with the completion result, so
 * a client knows the subscription closed cleanly and does not reconnect. The SDK's own
 * subscriptions would declare list changes this server never sends, and hold a connection
 * open per client for nothing.
 */
final class ListenWithoutNotifications implements McpFeature {

	static final String METHOD = "subscriptions/listen";

	static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

	static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

	@Override
	public Set<String> methods() {
		return Set.of(METHOD);
	}

	@Override
	public Mono<McpAsyncResponse<SubscriptionsListenResult>> handle(McpRequestContext context, Object params) {
		Object notifications = (params instanceof Map<?, ?> map) ? map.get("notifications") : null;
		if (!(notifications instanceof Map)) {
			return Mono.error(McpException.invalidParams((notifications == null) ? "params.notifications is required"
					: "params.notifications must be an object"));
		}
		Map<String, Object> subscription = Map.of(SUBSCRIPTION_ID, context.requestId());
		return Mono.just(McpAsyncResponse.streaming((notifier) -> notifier
			.notify(ACKNOWLEDGED, new SubscriptionsAcknowledgedParams(SubscriptionFilter.EMPTY, subscription))
			.then(Mono.fromSupplier(() -> SubscriptionsListenResult.forSubscription(context.requestId())))));
	}

}
