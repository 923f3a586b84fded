package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import redis.embedded.RedisServer;

/**
 * One Redis URL per test JVM: {@code REDIS_URL} when set, else a Redis already answering
 * on {@code 127.0.0.1:6379}, else an embedded Redis on a free loopback port (stopped when
 * the JVM exits). Tests share the server, so each uses {@link #uniquePrefix(String)} for
 * its keys.
 */
public final class TestRedis {

	private static volatile String url;

	private TestRedis() {
	}

	public static String url() {
		if (url == null) {
			synchronized (TestRedis.class) {
				if (url == null) {
					url = resolve();
				}
			}
		}
		return url;
	}

	public static String host() {
		return URI.create(url()).getHost();
	}

	public static int port() {
		return URI.create(url()).getPort();
	}

	/** A key prefix no other test run uses, e.g. {@code it:auth:3f2a1b:}. */
	public static String uniquePrefix(String name) {
		return "it:" + name + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	private static String resolve() {
		String fromEnv = System.getenv("REDIS_URL");
		if (fromEnv != null && !fromEnv.isBlank()) {
			return fromEnv;
		}
		if (answersPing("127.0.0.1", 6379)) {
			return "redis://127.0.0.1:6379";
		}
		return startEmbedded();
	}

	private static String startEmbedded() {
		int port = FreePorts.next();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.stop();
				}
				catch (IOException ignored) {
					// the JVM is going away
				}
			}));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start an embedded Redis on port " + port, ex);
		}
		return "redis://127.0.0.1:" + port;
	}

	static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[16];
			int read = in.read(buffer);
			return read > 0 && new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
