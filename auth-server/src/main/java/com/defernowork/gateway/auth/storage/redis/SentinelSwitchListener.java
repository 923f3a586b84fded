package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Behind Sentinel, moves the connection to a promoted replica as soon as a sentinel
 * announces it ({@code +switch-master}): the driver asks for the primary only when it
 * connects, so it would write to the old primary until the sentinels demote it, 10 s and
 * more later, and the old primary then drops every write it acknowledged. Lettuce's own
 * sentinel-following client reconnects to the addresses it knew, so one missed
 * announcement leaves it writing to a replica for good.
 */
final class SentinelSwitchListener extends RedisPubSubAdapter<String, String> implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SentinelSwitchListener.class);

	static final String CHANNEL = "+switch-master";

	/** Every sentinel announces the same switch: one reconnection serves them all. */
	private static final Duration ONE_SWITCH = Duration.ofSeconds(1);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private final LettuceConnectionFactory connections;

	private final List<RedisURI> sentinels;

	private final String master;

	private final ClientResources resources;

	private final AtomicLong lastReset = new AtomicLong(System.nanoTime() - ONE_SWITCH.toNanos());

	private final List<StatefulRedisPubSubConnection<String, String>> subscriptions = new ArrayList<>();

	private RedisClient client;

	SentinelSwitchListener(LettuceConnectionFactory connections, ClientResources resources) {
		RedisSentinelConfiguration sentinel = connections.getSentinelConfiguration();
		this.connections = connections;
		this.master = sentinel.getMaster().getName();
		this.resources = resources;
		this.sentinels = sentinel.getSentinels()
			.stream()
			.map((node) -> uri(node, sentinel, connections.isUseSsl()))
			.toList();
	}

	private static RedisURI uri(RedisNode node, RedisSentinelConfiguration sentinel, boolean ssl) {
		RedisURI.Builder uri = RedisURI.builder().withHost(node.getHost()).withPort(node.getPort()).withSsl(ssl);
		sentinel.getSentinelPassword()
			.toOptional()
			.ifPresent((password) -> uri.withAuthentication(sentinel.getSentinelUsername(), password));
		return uri.build();
	}

	@Override
	public void start() {
		this.client = RedisClient.create(this.resources);
		// a sentinel that does not answer delays the start by this at most
		this.client.setOptions(ClientOptions.builder()
			.socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
			.build());
		for (RedisURI sentinel : this.sentinels) {
			try {
				StatefulRedisPubSubConnection<String, String> subscription = this.client.connectPubSub(sentinel);
				subscription.addListener(this);
				subscription.sync().subscribe(CHANNEL);
				this.subscriptions.add(subscription);
			}
			catch (RuntimeException ex) {
				// the others announce it too; without any, the old primary's demotion
				// still moves this server, later
				logger.warn(
						"Cannot hear the sentinel at {}:{} announce a failover ({}); a failover then reaches this "
								+ "server only when the sentinels demote the old primary",
						sentinel.getHost(), sentinel.getPort(), RedisOutages.describe(ex));
			}
		}
	}

	@Override
	public void message(String channel, String message) {
		// "<master name> <old ip> <old port> <new ip> <new port>"
		if (!CHANNEL.equals(channel) || !message.startsWith(this.master + " ")) {
			return;
		}
		long now = System.nanoTime();
		long last = this.lastReset.get();
		if (now - last < ONE_SWITCH.toNanos() || !this.lastReset.compareAndSet(last, now)) {
			return;
		}
		logger.info("Sentinel promoted a new Redis primary for {}: {}; reconnecting to it", this.master,
				promotion(message));
		this.connections.resetConnection();
	}

	/** "new:port (was old:port)", or the message as it came. */
	static String promotion(String message) {
		String[] words = message.split(" ");
		return (words.length == 5) ? words[3] + ":" + words[4] + " (was " + words[1] + ":" + words[2] + ")"
				: PrintableText.of(message, 200);
	}

	@Override
	public void stop() {
		this.subscriptions.forEach(StatefulRedisPubSubConnection::close);
		this.subscriptions.clear();
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			this.client = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.client != null;
	}

}
