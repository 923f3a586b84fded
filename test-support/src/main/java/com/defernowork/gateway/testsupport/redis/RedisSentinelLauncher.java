package com.defernowork.gateway.testsupport.redis;

import java.time.Duration;
import java.util.List;

/**
 * A Redis Sentinel set-up of the test's own: a primary, one replica of it, and one
 * sentinel monitoring them as {@link #MASTER}. {@link #failover()} promotes the replica
 * the way an outage would, through the sentinel. {@link #close()} stops all three.
 */
public final class RedisSentinelLauncher implements AutoCloseable {

	/** Far longer than a client takes to notice a closed connection and reconnect. */
	private static final Duration CLIENTS_NOTICE = Duration.ofSeconds(1);

	/**
	 * The name the sentinel knows the primary by
	 * ({@code spring.data.redis.sentinel.master}).
	 */
	public static final String MASTER = "mymaster";

	private final RedisProcess first;

	private final RedisProcess second;

	private final RedisProcess sentinel;

	private RedisSentinelLauncher(RedisProcess first, RedisProcess second, RedisProcess sentinel) {
		this.first = first;
		this.second = second;
		this.sentinel = sentinel;
	}

	public static RedisSentinelLauncher start() {
		RedisProcess primary = RedisProcess.start();
		RedisProcess replica = null;
		RedisProcess sentinel = null;
		try {
			replica = RedisProcess.start("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
			RedisProcess started = replica;
			RedisCli.awaitTrue(Duration.ofSeconds(30),
					() -> "up".equals(started.info("replication", "master_link_status")),
					() -> "the replica never connected to its primary");
			sentinel = RedisProcess.startSentinel("sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port()
					+ " 1\nsentinel down-after-milliseconds " + MASTER + " 3000\nsentinel failover-timeout " + MASTER
					+ " 10000\nsentinel parallel-syncs " + MASTER + " 1\n");
			RedisSentinelLauncher launcher = new RedisSentinelLauncher(primary, replica, sentinel);
			RedisCli.awaitTrue(Duration.ofSeconds(30), () -> launcher.sentinelKnowsReplica(started),
					() -> "the sentinel never discovered the replica");
			return launcher;
		}
		catch (RuntimeException ex) {
			List.of(primary, replica, sentinel).stream().filter((p) -> p != null).forEach(RedisProcess::close);
			throw ex;
		}
	}

	/** The server the sentinel currently names as primary. */
	public RedisProcess primary() {
		return (this.first.port() == masterPort()) ? this.first : this.second;
	}

	/** The server that currently replicates the primary. */
	public RedisProcess replica() {
		return (primary() == this.first) ? this.second : this.first;
	}

	public RedisProcess sentinel() {
		return this.sentinel;
	}

	/** {@code spring.data.redis.sentinel.nodes}. */
	public String sentinelNodesProperty() {
		return this.sentinel.address();
	}

	/**
	 * Fails over: waits until the replica has every write of the primary, asks the
	 * sentinel to promote it, and returns once the sentinel names it primary, it accepts
	 * writes and the old primary follows it. The old primary is turned into a replica at
	 * once the way the sentinel itself would 8 to 20 seconds later: told to follow, and
	 * its clients disconnected, so that they ask the sentinel for the primary again.
	 * (Writes a client makes to the old primary in between are lost in production; no
	 * test writes there.)
	 */
	public void failover() {
		RedisProcess oldPrimary = primary();
		RedisProcess newPrimary = promote();
		// in one transaction, as the sentinel sends it: no client writes to a replica
		// before it is disconnected
		String reply = RedisCli.runLines(oldPrimary.port(), List.of("MULTI", "REPLICAOF 127.0.0.1 " + newPrimary.port(),
				"CLIENT KILL TYPE normal", "CLIENT KILL TYPE pubsub", "EXEC"));
		if (reply.contains("ERR")) {
			throw new IllegalStateException("turning the old primary into a replica failed: " + reply);
		}
		// no server shows when a disconnected client has noticed (a few milliseconds);
		// until then its next command may still go to the old primary. A test then waits
		// for the application's health.
		pause(CLIENTS_NOTICE);
		RedisCli.awaitTrue(Duration.ofSeconds(30),
				() -> "up".equals(oldPrimary.info("replication", "master_link_status")),
				() -> "the old primary did not follow " + newPrimary.address());
		RedisCli.awaitTrue(Duration.ofSeconds(30), () -> sentinelKnowsReplica(oldPrimary),
				() -> "the sentinel did not take the old primary back as a replica");
	}

	/**
	 * The first half of {@link #failover()}, as the sentinel does it: once the replica
	 * has every write, it is promoted and announced; the old primary goes on taking
	 * writes until the sentinel turns it into a replica seconds later, and drops them
	 * then. Returns the new primary.
	 */
	public RedisProcess promote() {
		RedisProcess oldPrimary = primary();
		RedisProcess newPrimary = replica();
		RedisCli.awaitTrue(Duration.ofSeconds(30), () -> {
			String written = oldPrimary.info("replication", "master_repl_offset");
			String replicated = newPrimary.info("replication", "slave_repl_offset");
			return written != null && written.equals(replicated);
		}, () -> "the replica did not catch up with the primary before the failover");
		this.sentinel.cli("SENTINEL", "FAILOVER", MASTER);
		RedisCli.awaitTrue(Duration.ofSeconds(60),
				() -> masterPort() == newPrimary.port() && "master".equals(newPrimary.info("replication", "role")),
				() -> "the failover to " + newPrimary.address() + " did not complete");
		return newPrimary;
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted during a failover", ex);
		}
	}

	private int masterPort() {
		String reply = this.sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
		String[] lines = reply.split("\r?\n");
		return Integer.parseInt(lines[lines.length - 1].trim());
	}

	/**
	 * The sentinel lists the server as a replica that is up (its only replica: one field
	 * list).
	 */
	private boolean sentinelKnowsReplica(RedisProcess replica) {
		String replicas = this.sentinel.tryCli("SENTINEL", "REPLICAS", MASTER);
		if (replicas == null) {
			return false;
		}
		List<String> fields = List.of(replicas.split("\r?\n"));
		int port = fields.indexOf("port");
		int flags = fields.indexOf("flags");
		return port >= 0 && flags >= 0 && fields.get(port + 1).equals(Integer.toString(replica.port()))
				&& fields.get(flags + 1).equals("slave");
	}

	@Override
	public void close() {
		this.sentinel.close();
		this.first.close();
		this.second.close();
	}

}
