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
 * test JVMs (system property {@code test.port-range}: 1, 2, …) each JVM takes ports from
 * a range of its own below the system's ephemeral ports: another JVM, which could
 * otherwise be offered the same port in the moment between a test picking it and its
 * server binding it, never picks there, and neither do outgoing connections.
 */
public final class FreePorts {

	/** The first port of range 1. */
	private static final int RANGES_START = 20_000;

	private static final int RANGE_SIZE = 2_000;

	/** Linux's first ephemeral port. */
	private static final int EPHEMERAL_PORTS_START = 32_768;

	/**
	 * Every port handed out in this JVM: the system may offer a just-closed port again.
	 */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	/** This JVM's range, null for none. */
	private static final Integer RANGE = rangeNumber();

	/** Where the next search of this JVM's range begins. */
	private static final AtomicInteger NEXT_IN_RANGE = new AtomicInteger(
			(RANGE != null) ? ThreadLocalRandom.current().nextInt(RANGE_SIZE) : 0);

	private FreePorts() {
	}

	/**
	 * The ports this JVM picks from, as {@code first-last}, or empty where it has no
	 * range and takes the system's.
	 */
	public static String range() {
		if (RANGE == null) {
			return "";
		}
		int first = firstOf(RANGE);
		return first + "-" + (first + RANGE_SIZE - 1);
	}

	/** A free port no earlier call in this JVM returned. */
	public static int next() {
		return (RANGE != null) ? nextInRange(firstOf(RANGE)) : nextEphemeral();
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
		for (int tried = 0; tried < RANGE_SIZE; tried++) {
			int port = first + Math.floorMod(NEXT_IN_RANGE.getAndIncrement(), RANGE_SIZE);
			if (HANDED_OUT.contains(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket()) {
				// as the test servers bind: a port left in TIME_WAIT is free to them
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
		throw new IllegalStateException("no free loopback port in " + first + "-" + (first + RANGE_SIZE - 1));
	}

	private static int firstOf(int range) {
		return RANGES_START + (range - 1) * RANGE_SIZE;
	}

	private static Integer rangeNumber() {
		String range = System.getProperty("test.port-range", "");
		if (range.isEmpty()) {
			return null;
		}
		int number = Integer.parseInt(range);
		if (number < 1 || RANGES_START + number * RANGE_SIZE > EPHEMERAL_PORTS_START) {
			throw new IllegalStateException("test.port-range " + range + " is not one of 1 to "
					+ (EPHEMERAL_PORTS_START - RANGES_START) / RANGE_SIZE + ", the ranges below the ephemeral ports");
		}
		return number;
	}

}
