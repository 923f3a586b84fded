package com.defernowork.gateway.mcp.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema.Result;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionFilter;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionsAcknowledgedParams;
import io.modelcontextprotocol.modern.McpSchema.SubscriptionsListenResult;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import reactor.core.publisher.Mono;

/**
 * {@code subscriptions/listen}, which every 2026-07-28 server must take: nothing here
 * ever changes while the server runs (its lists change only with a deployment, and it
 * offers no resource subscriptions), so a stream is acknowledged honouring none of what
 * was asked and ended at once, gracefully, rather than held open to say nothing. The
 * SDK's own feature would keep every such stream, and a connection, open until the client
 * leaves.
 */
final class EndedSubscriptions implements McpFeature {

	static final String METHOD = "subscriptions/listen";

	private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

	private static final List<String> FLAGS = List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged");

	@Override
	public Set<String> methods() {
		return Set.of(METHOD);
	}

	@Override
	public Mono<McpAsyncResponse<Result>> handle(McpRequestContext context, Object params) {
		Optional<String> problem = filterProblem(params);
		if (problem.isPresent()) {
			return Mono.error(McpException.invalidParams(problem.get()));
		}
		Map<String, Object> subscription = Map.of(SUBSCRIPTION_ID, context.requestId());
		return Mono.just(McpAsyncResponse.streaming((notifier) -> notifier
			.notify("notifications/subscriptions/acknowledged",
					new SubscriptionsAcknowledgedParams(SubscriptionFilter.EMPTY, subscription))
			.then(Mono.<Result>just(SubscriptionsListenResult.forSubscription(context.requestId())))));
	}

	/**
	 * The SDK's filter takes any value for its fields; a client is told what it got
	 * wrong.
	 */
	private static Optional<String> filterProblem(Object params) {
		if (!(params instanceof Map<?, ?> fields) || !(fields.get("notifications") instanceof Map<?, ?> filter)) {
			return Optional.of("params.notifications must be an object (the notifications to receive)");
		}
		for (String flag : FLAGS) {
			if (filter.containsKey(flag) && !(filter.get(flag) instanceof Boolean)) {
				return Optional.of("params.notifications." + flag + " must be true or false");
			}
		}
		Object uris = filter.get("resourceSubscriptions");
		if (filter.containsKey("resourceSubscriptions")
				&& !(uris instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
			return Optional.of("params.notifications.resourceSubscriptions must be an array of resource URIs");
		}
		return Optional.empty();
	}

}
