package com.defernowork.gateway.auth.storage.redis;

import java.util.List;

import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts that change a grant's keys (all in its hash-tag slot) in one atomic
 * step, on a single Redis as on a cluster, where MULTI across a command's keys is
 * refused. Cross-slot indexes are never touched here.
 */
@SuppressWarnings("rawtypes")
final class GrantScripts {

	/**
	 * Writes the grant. KEYS: grant, its index set, its replay, its rotated list. ARGV:
	 * document, current token line ({@code type:hash} separated by spaces), refresh line
	 * ({@code hash|issuedAt|expiresAt} or empty), principal, now, ttl and expiry (ms),
	 * replay value and ttl (or empty), how many rotated refresh tokens to remember, the
	 * hash of the refresh token the save rotates (its replay's, live or not, or empty),
	 * the hash of the code it redeems (or empty), {@code 1} for a save only of a grant
	 * stored (or empty). A save that replaces the grant's refresh token without rotating
	 * it, a rotation whose refresh token the grant no longer holds, a redemption of a
	 * code the grant no longer holds unredeemed (or a grant gone), or a save only of a
	 * grant stored when none is, writes nothing and returns {@link #CHANGED} alone (as
	 * {@code RefreshReplay}, {@code CodeRedemptionMark.overwritesAnotherChange} and
	 * {@code StoredGrantMark}). When the refresh hash changes, the old line becomes
	 * {@code previous} with the rotation instant appended; other replaced hashes leave
	 * the index set (the caller deletes their keys), the replaced refresh token's stays
	 * (its key lives on until it expires) and heads the rotated list, whose members
	 * beyond the limit leave it and the index set. Returns the former token line, the new
	 * previous line or empty, the former principal and the former expiry, then the hash
	 * of every rotated refresh token forgotten (the caller deletes their keys).
	 */
	static final RedisScript<List> SAVE = script("""
			local old = redis.call('HMGET', KEYS[1], 'tokens', 'refresh', 'principal', 'expires')
			if ARGV[13] == '1' and not old[1] then
				return {'!changed'}
			end
			local held = string.match(old[2] or '', '^[^|]*')
			local saving = string.match(ARGV[3], '^[^|]*')
			if saving ~= '' and saving ~= held
					and ((ARGV[11] ~= '' and held ~= ARGV[11]) or (ARGV[11] == '' and held ~= '')) then
				return {'!changed'}
			end
			local tokens = ' ' .. (old[1] or '') .. ' '
			if ARGV[12] ~= '' and (not string.find(tokens, ' code:' .. ARGV[12] .. ' ', 1, true)
					or string.find(tokens, ' access_token:', 1, true)) then
				return {'!changed'}
			end
			local previous = ''
			local replaced = ''
			if old[2] and string.match(old[2], '^[^|]*') ~= string.match(ARGV[3], '^[^|]*') then
				previous = old[2] .. '|' .. ARGV[5]
				replaced = string.match(old[2], '^[^|]*')
				redis.call('HSET', KEYS[1], 'previous', previous)
			end
			local current = {}
			for hash in string.gmatch(ARGV[2], ':(%x+)') do
				current[hash] = true
			end
			for hash in string.gmatch(old[1] or '', ':(%x+)') do
				if not current[hash] and hash ~= replaced then
					redis.call('ZREM', KEYS[2], hash)
				end
			end
			redis.call('HSET', KEYS[1], 'doc', ARGV[1], 'tokens', ARGV[2], 'principal', ARGV[4], 'expires', ARGV[7])
			if ARGV[3] == '' then
				redis.call('HDEL', KEYS[1], 'refresh')
			else
				redis.call('HSET', KEYS[1], 'refresh', ARGV[3])
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			for hash in string.gmatch(ARGV[2], ':(%x+)') do
				redis.call('ZADD', KEYS[2], ARGV[7], hash)
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
			for hash, _ in pairs(current) do
				redis.call('LREM', KEYS[4], 0, hash)
			end
			local forgotten = {}
			if replaced ~= '' and not current[replaced] then
				redis.call('LPUSH', KEYS[4], replaced)
				forgotten = redis.call('LRANGE', KEYS[4], ARGV[10], -1)
				redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[10]) - 1)
				for _, hash in ipairs(forgotten) do
					redis.call('ZREM', KEYS[2], hash)
				end
			end
			redis.call('PEXPIRE', KEYS[2], ARGV[6])
			redis.call('PEXPIRE', KEYS[4], ARGV[6])
			if ARGV[8] ~= '' then
				redis.call('SET', KEYS[3], ARGV[8], 'PX', ARGV[9])
			end
			local result = {old[1] or '', previous, old[3] or '', old[4] or ''}
			for _, hash in ipairs(forgotten) do
				table.insert(result, hash)
			end
			return result
			""");

	/** What {@link #SAVE} returns for a save that would undo another change. */
	static final String CHANGED = "!changed";

	/**
	 * Reads the grant. KEYS: grant, its replay. Returns the document, the previous
	 * refresh line, the replay and the milliseconds it has left (Redis's clock, which
	 * every server shares).
	 */
	static final RedisScript<List> READ = script("""
			local grant = redis.call('HMGET', KEYS[1], 'doc', 'previous')
			return {grant[1], grant[2], redis.call('GET', KEYS[2]), redis.call('PTTL', KEYS[2])}
			""");

	/**
	 * Deletes the grant. KEYS: grant, its index set, its replay, its rotated list.
	 * Returns the principal (or empty) followed by the hash of every token index key the
	 * grant wrote, for the caller to delete.
	 */
	static final RedisScript<List> REMOVE = script("""
			local result = {redis.call('HGET', KEYS[1], 'principal') or ''}
			for _, hash in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
				table.insert(result, hash)
			end
			redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
			return result
			""");

	/**
	 * Files a grant under its person. KEYS: the person's set. ARGV: grant id, its expiry,
	 * now (ms). Drops expired members and lets the set expire with its longest-lived one.
	 */
	static final RedisScript<Long> PRINCIPAL = new DefaultRedisScript<>("""
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
			local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
			if last[2] then
				redis.call('PEXPIREAT', KEYS[1], last[2])
			end
			return 1
			""", Long.class);

	private GrantScripts() {
	}

	private static RedisScript<List> script(String lua) {
		return new DefaultRedisScript<>(lua, List.class);
	}

}
