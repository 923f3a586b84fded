package com.defernowork.gateway.mcp.server;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * What a 2026-07-28 request lacks of the {@code _meta} every request carries, in the
 * SDK's words and order: the SDK finds the same, but only after a missing scope has been
 * told, and a client must hear of a malformed request first.
 */
final class RequiredMeta {

	static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

	private RequiredMeta() {
	}

	static Optional<String> problem(JsonNode message) {
		JsonNode params = message.path("params");
		if (params.isMissingNode()) {
			return Optional.of("params is required");
		}
		JsonNode meta = params.path("_meta");
		if (meta.isMissingNode()) {
			return Optional.of("params._meta is required");
		}
		JsonNode version = meta.path(ProtocolVersions.META_KEY);
		if (!version.isString() || version.stringValue().isBlank()) {
			return Optional.of("_meta['" + ProtocolVersions.META_KEY + "'] is required");
		}
		if (meta.path(CLIENT_CAPABILITIES).isMissingNode() || meta.path(CLIENT_CAPABILITIES).isNull()) {
			return Optional.of("_meta['" + CLIENT_CAPABILITIES + "'] is required");
		}
		return Optional.empty();
	}

}
