package com.defernowork.gateway.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.defernowork.gateway.testsupport.FreePorts;

/**
 * One {@code redis-server} process of a test's own: a free loopback port, its own working
 * directory (nothing persisted), output in {@code redis.log} there. {@link #close()}
 * stops it and removes the directory.
 */
public final class RedisProcess implements AutoCloseable {

	private final List<String> command;

	private final int port;

	private final Path dir;

	private volatile Process process;

	private RedisProcess(List<String> command, int port, Path dir) {
		this.command = command;
		this.port = port;
		this.dir = dir;
	}

	/**
	 * A plain Redis with the given extra {@code redis-server} arguments (e.g.
	 * {@code --replicaof host port}).
	 */
	public static RedisProcess start(String... arguments) {
		int port = FreePorts.next();
		Path dir = RedisCli.tempDir("redis-" + port);
		List<String> command = new ArrayList<>(List.of(RedisCli.binary("redis-server"), "--port",
				Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly",
				"no", "--logfile", dir.resolve("redis.log").toString(),
				// a primary otherwise waits 5 s for more replicas before it syncs the
				// first
				"--repl-diskless-sync-delay", "0"));
		command.addAll(List.of(arguments));
		return launch(command, port, dir);
	}

	/**
	 * {@code redis-server <config> --sentinel} with a config file the sentinel may
	 * rewrite.
	 */
	static RedisProcess startSentinel(String configuration) {
		int port = FreePorts.next();
		Path dir = RedisCli.tempDir("sentinel-" + port);
		Path config = dir.resolve("sentinel.conf");
		try {
			Files.writeString(config, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\nlogfile "
					+ dir.resolve("redis.log") + "\n" + configuration);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return launch(List.of(RedisCli.binary("redis-server"), config.toString(), "--sentinel"), port, dir);
	}

	private static RedisProcess launch(List<String> command, int port, Path dir) {
		RedisProcess redis = new RedisProcess(command, port, dir);
		Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
		redis.spawn();
		return redis;
	}

	private void spawn() {
		try {
			this.process = new ProcessBuilder(this.command).directory(this.dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("stdout.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + this.command.get(0), ex);
		}
		Process started = this.process;
		RedisCli.awaitTrue(Duration.ofSeconds(20), () -> {
			if (!started.isAlive()) {
				throw new IllegalStateException("redis-server exited at startup: " + logTail());
			}
			return "PONG".equals(tryCli("PING"));
		}, () -> "redis-server on port " + this.port + " did not answer PING: " + logTail());
	}

	/**
	 * Kills the server, as an outage would, keeping its port and folder for
	 * {@link #restart()}.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the server again on the same port (empty, unless it persisted its data). */
	public void restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException("redis-server on port " + this.port + " is still running");
		}
		spawn();
	}

	public int port() {
		return this.port;
	}

	/** {@code 127.0.0.1:<port>}, as Spring's cluster and sentinel node lists write it. */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	public String url() {
		return "redis://" + address();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Runs a command with {@code redis-cli} against this server and returns its output,
	 * trimmed.
	 */
	public String cli(String... command) {
		return RedisCli.run(this.port, command);
	}

	String tryCli(String... command) {
		try {
			return cli(command);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/** A field of {@code INFO <section>}, or null. */
	public String info(String section, String field) {
		String info = tryCli("INFO", section);
		if (info == null) {
			return null;
		}
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		return null;
	}

	String logTail() {
		try {
			Path log = this.dir.resolve("redis.log");
			List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		RedisCli.deleteRecursively(this.dir);
	}

}
