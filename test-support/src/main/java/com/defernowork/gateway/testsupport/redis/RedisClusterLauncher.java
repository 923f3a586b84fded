package com.defernowork.gateway.testsupport.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.defernowork.gateway.testsupport.FreePorts;

/**
 * A Redis Cluster of the test's own: {@code masters}
 * {@code redis-server --cluster-enabled yes} processes on free loopback ports (cluster
 * bus ports chosen free too), joined by {@code redis-cli --cluster create}, all hash
 * slots covered. {@link #close()} stops every node.
 */
public final class RedisClusterLauncher implements AutoCloseable {

	private final List<RedisProcess> nodes;

	private RedisClusterLauncher(List<RedisProcess> nodes) {
		this.nodes = nodes;
	}

	/** Starts a cluster of three masters without replicas. */
	public static RedisClusterLauncher start() {
		return start(3);
	}

	public static RedisClusterLauncher start(int masters) {
		List<RedisProcess> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < masters; i++) {
				nodes.add(RedisProcess.start("--cluster-enabled", "yes", "--cluster-port",
						Integer.toString(FreePorts.next()), "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", "5000"));
			}
			List<String> create = new ArrayList<>(List.of(RedisCli.binary("redis-cli"), "--cluster", "create"));
			nodes.forEach((node) -> create.add(node.address()));
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			RedisCli.exec(create, Duration.ofSeconds(60));
			for (RedisProcess node : nodes) {
				RedisCli.awaitTrue(Duration.ofSeconds(30), () -> clusterState(node).contains("cluster_state:ok"),
						() -> "cluster node " + node.address() + " never reached cluster_state:ok");
			}
			return new RedisClusterLauncher(List.copyOf(nodes));
		}
		catch (RuntimeException ex) {
			nodes.forEach(RedisProcess::close);
			throw ex;
		}
	}

	private static String clusterState(RedisProcess node) {
		String info = node.tryCli("CLUSTER", "INFO");
		return (info != null) ? info : "";
	}

	public List<RedisProcess> nodes() {
		return this.nodes;
	}

	/**
	 * The nodes as {@code spring.data.redis.cluster.nodes} takes them:
	 * {@code 127.0.0.1:p1,127.0.0.1:p2,…}.
	 */
	public String nodesProperty() {
		return String.join(",", this.nodes.stream().map(RedisProcess::address).toList());
	}

	@Override
	public void close() {
		this.nodes.forEach(RedisProcess::close);
	}

}
