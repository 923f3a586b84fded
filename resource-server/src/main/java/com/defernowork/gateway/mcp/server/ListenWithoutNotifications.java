package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP 2026-07-28's {@code subscriptions/listen}, which every server must take, for a
 * server that has no notification to send: its lists change only with a deployment and it
 * offers no resource subscriptions. The stream acknowledges an empty filter (the spec
 * omits what a server does not support), then ends at once with the completion result, so
 * a client knows the subscription closed cleanly and does not reconnect. Written whole
 * here, before the request ends: the SDK's own subscriptions would declare list changes
 * this server never sends and hold a connection open per client for nothing, and its
 * streaming answer, tried instead, sometimes ended the stream before writing its messages
 * (an empty 200, or the acknowledgement alone).
 */
final class ListenWithoutNotifications {

	static final String METHOD = "subscriptions/listen";

	static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

	static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

	static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

	private final JsonMapper json;

	private final ObjectNode serverInfo;

	ListenWithoutNotifications(JsonMapper json, String name, String version) {
		this.json = json;
		this.serverInfo = JsonNodeFactory.instance.objectNode().put("name", name).put("version", version);
	}

	/** What is wrong with the request's params, if anything. */
	static Optional<String> problem(JsonNode params) {
		JsonNode notifications = params.path("notifications");
		if (notifications.isMissingNode() || notifications.isNull()) {
			return Optional.of("params.notifications is required");
		}
		return notifications.isObject() ? Optional.empty() : Optional.of("params.notifications must be an object");
	}

	/** The acknowledgement and the completion result, as one short event stream. */
	void answer(JsonNode id, HttpServletResponse response) throws IOException {
		ObjectNode acknowledged = JsonNodeFactory.instance.objectNode()
			.put("jsonrpc", "2.0")
			.put("method", ACKNOWLEDGED);
		ObjectNode params = acknowledged.putObject("params");
		params.putObject("_meta").set(SUBSCRIPTION_ID, id);
		params.putObject("notifications");
		ObjectNode completed = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
		completed.set("id", id);
		ObjectNode result = completed.putObject("result").put("resultType", "complete");
		ObjectNode meta = result.putObject("_meta");
		meta.set(SUBSCRIPTION_ID, id);
		meta.set(SERVER_INFO, this.serverInfo);
		EventStream.begin(response);
		ServletOutputStream body = response.getOutputStream();
		body.write(EventStream.message(this.json.writeValueAsString(acknowledged)));
		body.write(EventStream.message(this.json.writeValueAsString(completed)));
		body.flush();
	}

}
