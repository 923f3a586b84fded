package com.defernowork.gateway.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code redis-server} and {@code redis-cli} from the PATH (Debian:
 * {@code apt-get install redis-server}).
 */
final class RedisCli {

	private RedisCli() {
	}

	static String binary(String name) {
		String path = System.getenv("PATH");
		for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new IllegalStateException(name + " is not installed: Redis Cluster and Sentinel tests start their own "
				+ "servers (Debian: apt-get install redis-server redis-tools; .ci/run installs them)");
	}

	/**
	 * Runs {@code redis-cli -p <port> <command…>}; fails when it exits non-zero or prints
	 * an error reply.
	 */
	static String run(int port, String... command) {
		List<String> line = new ArrayList<>(cli(port));
		line.addAll(List.of(command));
		String output = exec(line, Duration.ofSeconds(30));
		if (output.startsWith("ERR") || output.startsWith("Could not connect")) {
			throw new IllegalStateException(String.join(" ", command) + " on port " + port + ": " + output);
		}
		return output;
	}

	/**
	 * Runs {@code commands}, one a line, with one {@code redis-cli} on one connection (a
	 * {@code MULTI} ... {@code EXEC} holds together), and returns its output, trimmed.
	 */
	static String runLines(int port, List<String> commands) {
		return exec(cli(port), Duration.ofSeconds(30), String.join("\n", commands) + "\n");
	}

	private static List<String> cli(int port) {
		return List.of(binary("redis-cli"), "-h", "127.0.0.1", "-p", Integer.toString(port));
	}

	static String exec(List<String> command, Duration timeout) {
		return exec(command, timeout, "");
	}

	private static String exec(List<String> command, Duration timeout, String input) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			try (var stdin = process.getOutputStream()) {
				stdin.write(input.getBytes(StandardCharsets.UTF_8));
			}
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + timeout);
			}
			String text = new String(output, StandardCharsets.UTF_8).trim();
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted running " + command, ex);
		}
	}

	/**
	 * Polls until the condition holds; a launcher waiting for a server, not a test's
	 * timed assertion.
	 */
	static void awaitTrue(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(failure.get());
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted: " + failure.get(), ex);
			}
		}
	}

	static Path tempDir(String name) {
		try {
			return Files.createTempDirectory(name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a leftover temp directory is not worth failing a test for
		}
	}

}
