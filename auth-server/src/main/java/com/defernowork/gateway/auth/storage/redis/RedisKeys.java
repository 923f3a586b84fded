package com.defernowork.gateway.auth.storage.redis;

/**
 * Every key the store writes, under {@code auth.redis.key-prefix}. The keys of one grant
 * that change together carry its id as Redis Cluster hash tag ({@code {id}}), so they
 * live in one slot and one script changes them atomically: the grant, the set of its
 * token index keys, the list of its rotated refresh tokens, its refresh replay. Indexes
 * across grants (token → grant, person → grants, client id → client) cannot share a slot
 * with what they point at: the store writes them after their target and checks them on
 * every read, so one left stale by a crash finds nothing and expires. The one exception,
 * an access token's introspection record, is deleted before its grant changes
 * ({@link IntrospectionRecords}). Token values appear only as SHA-256 digests.
 */
public final class RedisKeys {

	private final String prefix;

	RedisKeys(String prefix) {
		this.prefix = prefix;
	}

	/** A hash of the grant's JSON document and its current and last replaced tokens. */
	String grant(String authorizationId) {
		return this.prefix + "grant:{" + authorizationId + "}";
	}

	/** Sorted set of the token hashes the grant wrote index keys for, by expiry. */
	String grantIndexes(String authorizationId) {
		return grant(authorizationId) + ":indexes";
	}

	/** Rotated refresh token hashes, newest first, at most {@code REMEMBERED}. */
	String grantRotated(String authorizationId) {
		return grant(authorizationId) + ":rotated";
	}

	/** The sealed answer of the grant's last refresh, for the grace window. */
	String grantReplay(String authorizationId) {
		return grant(authorizationId) + ":replay";
	}

	/** Token hash → which grant and which of its tokens ({@link TokenIndexEntry}). */
	String token(String tokenHash) {
		return this.prefix + "token:" + tokenHash;
	}

	/** Access token hash → its introspection answer ({@link IntrospectionRecords}). */
	String introspection(String tokenHash) {
		return this.prefix + "introspection:" + tokenHash;
	}

	/** Sorted set of one person's grant ids, by expiry. */
	String principal(String principalName) {
		return this.prefix + "principal:" + principalName;
	}

	String client(String id) {
		return this.prefix + "client:" + id;
	}

	String clientId(String clientId) {
		return this.prefix + "client-id:" + clientId;
	}

	/** Sorted set of every expiring client id, by when it would expire. */
	String clientExpiries() {
		return this.prefix + "client-expiries";
	}

	String consent(String registeredClientId, String principalName) {
		return this.prefix + "consent:" + registeredClientId + ":" + principalName;
	}

	/** The consent keys given to a client, by client id ({@link ClientConsents}). */
	String clientConsents(String clientId) {
		return this.prefix + "client-consents:" + clientId;
	}

	/** The layout before grants were hash-tagged and tokens hashed at rest. */
	String legacyAuthorization(String id) {
		return this.prefix + "authorization:" + id;
	}

	String legacyAuthorizationIndexes(String authorizationId) {
		return this.prefix + "authorization-indexes:" + authorizationId;
	}

	String legacyTokenPrefix() {
		return this.prefix + "token:";
	}

	/** The key the {@code redisWrites} health component writes (each instance alike). */
	String writeCheck() {
		return this.prefix + "health:write-check";
	}

	String prefix() {
		return this.prefix;
	}

}
