package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free loopback ports for tests that start servers of their own. In a run of parallel
 * test JVMs (system property {@code test.fork}: 1, 2, …) each JVM takes ports from a
 * range of its own below the system's ephemeral ports: another JVM, which could otherwise
 * be offered the same port in the moment between a test picking it and its server binding
 * it, never picks there, and neither do outgoing connections.
 */
public final class FreePorts {

	/** The first port of the first fork's range. */
	private static final int FORK_RANGES_START = 20_000;

	private static final int FORK_RANGE_SIZE = 2_000;

	/** Linux's first ephemeral port. */
	private static final int EPHEMERAL_PORTS_START = 32_768;

	/**
	 * Every port handed out in this JVM: the system may offer a just-closed port again.
	 */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private static final Integer FORK = fork();

	/** Where the next search of this fork's range begins. */
	private static final AtomicInteger NEXT_IN_RANGE = new AtomicInteger(
			(FORK != null) ? ThreadLocalRandom.current().nextInt(FORK_RANGE_SIZE) : 0);

	private FreePorts() {
	}

	/** A free port no earlier call in this JVM returned. */
	public static int next() {
		return (FORK != null) ? nextInRange(FORK_RANGES_START + (FORK - 1) * FORK_RANGE_SIZE) : nextEphemeral();
	}

	private static int nextEphemeral() {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
				if (HANDED_OUT.add(socket.getLocalPort())) {
					return socket.getLocalPort();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("no free loopback port", ex);
			}
		}
	}

	private static int nextInRange(int first) {
		for (int tried = 0; tried < FORK_RANGE_SIZE; tried++) {
			int port = first + Math.floorMod(NEXT_IN_RANGE.getAndIncrement(), FORK_RANGE_SIZE);
			if (HANDED_OUT.contains(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket()) {
				// as the servers the tests start bind: a port left in TIME_WAIT is free
				// to them
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
				if (HANDED_OUT.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				// taken: the next one
			}
		}
		throw new IllegalStateException("no free loopback port in " + first + "-" + (first + FORK_RANGE_SIZE - 1));
	}

	private static Integer fork() {
		String fork = System.getProperty("test.fork", "");
		if (fork.isEmpty()) {
			return null;
		}
		int number = Integer.parseInt(fork);
		if (number < 1 || FORK_RANGES_START + number * FORK_RANGE_SIZE > EPHEMERAL_PORTS_START) {
			throw new IllegalStateException(
					"test.fork " + fork + " has no port range below the ephemeral ports: run " + "at most "
							+ (EPHEMERAL_PORTS_START - FORK_RANGES_START) / FORK_RANGE_SIZE + " test JVMs at once");
		}
		return number;
	}

}
