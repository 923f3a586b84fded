package com.defernowork.gateway.auth.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a test's own Redis that cuts in at one chosen command (the
 * first client write carrying a marker, such as a script's SHA): either runs an action
 * just before Redis gets it (e.g. {@code CLIENT PAUSE}), or lets Redis run it and drops
 * the connection before its reply reaches the client, so the client cannot tell whether
 * it ran. Everything else passes through; the client's reconnection is accepted again.
 */
public final class RedisCutProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int target;

	private final AtomicReference<Cut> armed = new AtomicReference<>();

	private RedisCutProxy(int target) {
		this.target = target;
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread.ofVirtual().name("redis-cut-proxy").start(this::accept);
	}

	/** A proxy to the Redis listening on 127.0.0.1:{@code port}. */
	public static RedisCutProxy to(int port) {
		return new RedisCutProxy(port);
	}

	public String url() {
		return "redis://127.0.0.1:" + this.listener.getLocalPort();
	}

	/**
	 * The next command carrying {@code marker} reaches Redis, which runs it, but its
	 * reply does not reach the client: the connection is dropped.
	 */
	public void dropAfter(String marker) {
		this.armed.set(new Cut(marker.getBytes(StandardCharsets.US_ASCII), () -> {
		}, true));
	}

	/**
	 * Runs {@code action} just before the next command carrying {@code marker} goes on.
	 */
	public void before(String marker, Runnable action) {
		this.armed.set(new Cut(marker.getBytes(StandardCharsets.US_ASCII), action, false));
	}

	/** Whether the armed cut has happened. */
	public boolean done() {
		return this.armed.get() == null;
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Socket redis = new Socket(InetAddress.getLoopbackAddress(), this.target);
				AtomicBoolean muted = new AtomicBoolean();
				Thread.ofVirtual().start(() -> toRedis(client, redis, muted));
				Thread.ofVirtual().start(() -> pump(redis, client, muted));
			}
			catch (IOException ex) {
				// closed, or Redis refused: the client sees its connection fail
			}
		}
	}

	private void toRedis(Socket client, Socket redis, AtomicBoolean muted) {
		try (client; redis) {
			InputStream in = client.getInputStream();
			OutputStream out = redis.getOutputStream();
			byte[] buffer = new byte[65536];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				Cut cut = this.armed.get();
				boolean hit = cut != null && contains(buffer, read, cut.marker())
						&& this.armed.compareAndSet(cut, null);
				if (hit) {
					muted.set(cut.drop());
					cut.action().run();
				}
				out.write(buffer, 0, read);
				out.flush();
				if (hit && cut.drop()) {
					// time for Redis to run it; the reply goes nowhere
					Thread.sleep(200);
					return;
				}
			}
		}
		catch (IOException ex) {
			// either side closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pump(Socket from, Socket to, AtomicBoolean muted) {
		try (from; to) {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			byte[] buffer = new byte[65536];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				if (!muted.get()) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// either side closed
		}
	}

	private static boolean contains(byte[] buffer, int length, byte[] marker) {
		for (int start = 0; start + marker.length <= length; start++) {
			if (Arrays.equals(buffer, start, start + marker.length, marker, 0, marker.length)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
	}

	private record Cut(byte[] marker, Runnable action, boolean drop) {
	}

}
