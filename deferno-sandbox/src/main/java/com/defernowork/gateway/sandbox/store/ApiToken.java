package com.defernowork.gateway.sandbox.store;

import java.time.Instant;
import java.util.UUID;

/** A revocable API token (personal access token or MCP session token) of one user. */
public final class ApiToken {

	public final UUID id;

	public final UUID userId;

	public final String value;

	public final String name;

	public final String kind;

	public final String clientId;

	public final Instant createdAt;

	public Instant lastUsedAt;

	public ApiToken(UUID id, UUID userId, String value, String name, String kind, String clientId, Instant createdAt) {
		this.id = id;
		this.userId = userId;
		this.value = value;
		this.name = name;
		this.kind = kind;
		this.clientId = clientId;
		this.createdAt = createdAt;
	}

}
