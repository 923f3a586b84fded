package com.defernowork.gateway.auth.storage.redis;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.PartitionException;
import io.netty.channel.ConnectTimeoutException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Which failures mean "Redis cannot answer right now" (down, unreachable, too slow, still
 * loading, failing over), as opposed to a bug, bad data or a command Redis refuses for
 * good; and what Redis said.
 */
final class RedisOutages {

	/**
	 * Error replies of a Redis that is up but cannot serve yet (loading, failover,
	 * cluster repair) or refuses writes for a while: too few replicas in sync
	 * ({@code min-replicas-to-write}), full memory, a failing snapshot.
	 */
	private static final Set<String> UNAVAILABLE_REPLIES = Set.of("LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN",
			"TRYAGAIN", "BUSY", "NOREPLICAS", "OOM", "MISCONF");

	private static final int MAX_DEPTH = 16;

	/** What to change, by the first word of Redis's refusal. */
	private static final Map<String, String> ACTIONS = Map.of("WRONGPASS",
			"Correct the password (and user) in REDIS_URL (redis://user:password@host:port) or "
					+ "spring.data.redis.username and .password",
			"NOAUTH", "Give the password in REDIS_URL (redis://:password@host:port) or spring.data.redis.password",
			"READONLY",
			"Point REDIS_URL at the primary, not a replica (or use the Sentinel settings, which find the primary)",
			"NOREPLICAS",
			"Bring the primary's replicas back in sync, or lower its min-replicas-to-write, which makes it refuse "
					+ "writes with fewer replicas",
			"OOM",
			"Raise Redis's maxmemory or free memory; keep its policy noeviction, since an eviction policy drops "
					+ "clients and grants people still use",
			"NOPERM",
			"Give REDIS_URL's user the commands and keys the auth server needs in Redis's ACL (docs/operations.md, "
					+ "A shared Redis, has the ACL SETUSER command)",
			"MISCONF", "Redis refuses writes because it cannot save its snapshot: see its log and its disk", "LOADING",
			"Wait until Redis has loaded its data set (docker compose starts the auth server once Redis's health "
					+ "check passes)");

	private static final String SEE_REDIS = "See the Redis server's log and configuration";

	static final String SLOW = "Redis is connected but answers nothing within the command timeout: see whether it is "
			+ "paused (CLIENT PAUSE), held by a slow command (SLOWLOG GET) or overloaded, or the network to it";

	/** Unlike a refused connection, a busy host or slow network can be why. */
	static final String SLOW_TO_CONNECT = "Redis did not take the connection within SPRING_DATA_REDIS_CONNECT_TIMEOUT "
			+ "(spring.data.redis.connect-timeout): raise it if Redis is up but its host is busy or the network slow; "
			+ "else start Redis, or correct REDIS_URL, or let a firewall pass the connection";

	private static final Set<String> SETUP_REFUSALS = Set.of("NOPERM", "NOAUTH", "WRONGPASS");

	private static final String UNKNOWN_COMMAND = "Use a Redis that offers every command: the Redis "
			+ "service has disabled or renamed this one";

	private static final String NO_SUCH_DATABASE = "Give as REDIS_URL's path a database number that Redis has "
			+ "(0 to 15 unless its databases setting says more), e.g. redis://redis:6379/1";

	/** What a Redis without cluster mode answers a cluster command. */
	private static final String NO_CLUSTER = "ERR This instance has cluster support disabled";

	/** The driver's words when the sentinels monitor no primary of that name. */
	private static final String NO_SUCH_PRIMARY = "Cannot provide redisAddress using sentinel for masterId";

	private RedisOutages() {
	}

	static boolean isOutage(Throwable failure) {
		return causes(failure).filter((cause) -> cause instanceof RedisConnectionFailureException
				|| cause instanceof QueryTimeoutException || cause instanceof RedisConnectionException
				|| cause instanceof RedisCommandTimeoutException || cause instanceof RedisCommandExecutionException
				// a Cluster's layout names no node for the key's slot: not formed yet, or
				// a primary lost with no replica to take over
				|| cause instanceof PartitionException
				// the plain type is the client's own "not connected" or "connection
				// closed"
				|| cause.getClass() == RedisException.class)
			.findFirst()
			.map((cause) -> !(cause instanceof RedisCommandExecutionException reply)
					|| UNAVAILABLE_REPLIES.contains(code(reply)))
			.orElse(false);
	}

	/**
	 * Whether a start should wait: Redis cannot be reached or serve yet. Any other error
	 * reply (credentials, ACL, no such database, no cluster) will not change meanwhile.
	 */
	static boolean isStartOutage(Throwable failure) {
		return isOutage(failure) && (refusal(failure) == null || unavailableReply(failure) != null)
				&& !isNoCluster(failure) && !isNoSuchPrimary(failure);
	}

	/** The sentinels monitor no primary of the configured name. */
	static boolean isNoSuchPrimary(Throwable failure) {
		return causes(failure).anyMatch((cause) -> String.valueOf(cause.getMessage()).contains(NO_SUCH_PRIMARY));
	}

	/**
	 * Cluster settings name a Redis that is no cluster: the driver gives the node's reply
	 * only in its message, and in the failures it suppressed.
	 */
	static boolean isNoCluster(Throwable failure) {
		return causes(failure).flatMap((cause) -> Stream.concat(Stream.of(cause), Stream.of(cause.getSuppressed())))
			.anyMatch((cause) -> String.valueOf(cause.getMessage()).contains(NO_CLUSTER));
	}

	static boolean isTimeout(Throwable failure) {
		return causes(failure).anyMatch(
				(cause) -> cause instanceof RedisCommandTimeoutException || cause instanceof QueryTimeoutException);
	}

	static boolean isConnectTimeout(Throwable failure) {
		return causes(failure).anyMatch(ConnectTimeoutException.class::isInstance);
	}

	/**
	 * Redis's reply when it refuses commands for a while (memory full, loading…), or
	 * null.
	 */
	static RedisCommandExecutionException unavailableReply(Throwable failure) {
		RedisCommandExecutionException reply = refusal(failure);
		return (reply != null && UNAVAILABLE_REPLIES.contains(code(reply))) ? reply : null;
	}

	/**
	 * Whether Redis refused a command for good because of how it is set up (ACL,
	 * credentials, a disabled or renamed command). Other error replies (a wrong type, a
	 * failing script) are the server's own bugs.
	 */
	static boolean isRefusedBySetup(Throwable failure) {
		RedisCommandExecutionException refusal = refusal(failure);
		return refusal != null && (SETUP_REFUSALS.contains(code(refusal)) || isUnknownCommand(refusal));
	}

	static RedisCommandExecutionException refusal(Throwable failure) {
		return causes(failure).filter(RedisCommandExecutionException.class::isInstance)
			.map(RedisCommandExecutionException.class::cast)
			.findFirst()
			.orElse(null);
	}

	/**
	 * What the driver said and, when it wraps one, what the network said: Spring's
	 * wrapping exceptions say only "Error in execution", the driver's "Unable to connect"
	 * not why.
	 */
	static String describe(Throwable failure) {
		return causes(failure).filter(RedisException.class::isInstance).findFirst().map((driver) -> {
			Throwable root = causes(driver).reduce((first, second) -> second).orElse(driver);
			String said = Objects.toString(driver.getMessage(), "");
			if (root != driver && root.getMessage() != null) {
				said = said.isEmpty() ? root.getMessage() : said + " (" + root.getMessage() + ")";
			}
			// the driver's way of writing an address given by number
			return said.replace("/<unresolved>", "");
		}).orElseGet(failure::toString);
	}

	private static Stream<Throwable> causes(Throwable failure) {
		return Stream.iterate(failure, Objects::nonNull, Throwable::getCause).limit(MAX_DEPTH);
	}

	static String whatToChange(RedisCommandExecutionException refusal) {
		if (String.valueOf(refusal.getMessage()).startsWith("ERR DB index is out of range")) {
			return NO_SUCH_DATABASE;
		}
		return isUnknownCommand(refusal) ? UNKNOWN_COMMAND : ACTIONS.getOrDefault(code(refusal), SEE_REDIS);
	}

	private static boolean isUnknownCommand(RedisCommandExecutionException refusal) {
		return String.valueOf(refusal.getMessage()).startsWith("ERR unknown command");
	}

	/** The error code first in a reply ({@code NOREPLICAS}, {@code OOM}…). */
	static String code(RedisCommandExecutionException reply) {
		String message = String.valueOf(reply.getMessage());
		int space = message.indexOf(' ');
		return (space > 0) ? message.substring(0, space) : message;
	}

}
