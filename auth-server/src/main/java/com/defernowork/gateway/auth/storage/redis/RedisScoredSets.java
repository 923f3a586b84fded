package com.defernowork.gateway.auth.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import com.defernowork.gateway.auth.storage.ScoredSets;

import org.springframework.data.redis.connection.RedisZSetCommands.ZAddArgs;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** Redis sorted sets under {@code auth.redis.key-prefix}. */
public final class RedisScoredSets implements ScoredSets {

	private static final RedisScript<Long> REPLACE = new DefaultRedisScript<>("""
			local score = redis.call('zscore', KEYS[1], ARGV[1])
			if score and tonumber(score) == tonumber(ARGV[2]) then
				redis.call('zadd', KEYS[1], ARGV[3], ARGV[1])
				return 1
			end
			return 0
			""", Long.class);

	/** The member last, so that it stays whatever its score. */
	private static final RedisScript<Long> SCORE_DROPPING = new DefaultRedisScript<>("""
			redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[3])
			redis.call('zadd', KEYS[1], ARGV[2], ARGV[1])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	public RedisScoredSets(StringRedisTemplate redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public void score(String key, String member, long score, Change change) {
		ZAddArgs args = switch (change) {
			case SET -> ZAddArgs.empty();
			case LOWER -> ZAddArgs.empty().lt();
			case RAISE -> ZAddArgs.empty().gt();
		};
		byte[] name = bytes(this.prefix + key);
		this.redis.execute((RedisCallback<Boolean>) (connection) -> connection.zSetCommands()
			.zAdd(name, score, bytes(member), args));
	}

	@Override
	public void scoreDroppingUpTo(String key, String member, long score, long dropUpTo) {
		this.redis.execute(SCORE_DROPPING, List.of(this.prefix + key), member, Long.toString(score),
				Long.toString(dropUpTo));
	}

	@Override
	public boolean remove(String key, String member) {
		Long removed = this.redis.opsForZSet().remove(this.prefix + key, member);
		return removed != null && removed > 0;
	}

	@Override
	public OptionalLong highest(String key) {
		Set<TypedTuple<String>> top = this.redis.opsForZSet().reverseRangeWithScores(this.prefix + key, 0, 0);
		return (top == null || top.isEmpty()) ? OptionalLong.empty()
				: OptionalLong.of(top.iterator().next().getScore().longValue());
	}

	@Override
	public Map<String, Long> upTo(String key, long max, int limit) {
		Set<TypedTuple<String>> due = this.redis.opsForZSet()
			.rangeByScoreWithScores(this.prefix + key, Double.NEGATIVE_INFINITY, max, 0, limit);
		Map<String, Long> scores = new LinkedHashMap<>();
		if (due != null) {
			due.forEach((tuple) -> scores.put(tuple.getValue(), tuple.getScore().longValue()));
		}
		return scores;
	}

	@Override
	public boolean replace(String key, String member, long expected, long next) {
		Long replaced = this.redis.execute(REPLACE, List.of(this.prefix + key), member, Long.toString(expected),
				Long.toString(next));
		return replaced != null && replaced == 1;
	}

	@Override
	public void delete(String key) {
		this.redis.delete(this.prefix + key);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
