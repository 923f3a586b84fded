package com.defernowork.gateway.e2e.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MCP client running as a child process: its stdout and stderr lines are kept (and
 * written to {@code target/client-logs/<name>.log}) so a test can wait for a line, read
 * the result and show the log when something fails.
 */
final class ClientProcess implements AutoCloseable {

	static final Path LOGS = Path.of("target", "client-logs").toAbsolutePath();

	private final Process process;

	private final Path log;

	private final List<String> stdout = new ArrayList<>();

	private final List<String> stderr = new ArrayList<>();

	/** stdout and stderr interleaved in arrival order. */
	private final List<String> all = new ArrayList<>();

	private final List<Thread> pumps = new ArrayList<>();

	private int awaited;

	private ClientProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
		this.pumps.add(pump(process.getInputStream(), this.stdout, "out"));
		this.pumps.add(pump(process.getErrorStream(), this.stderr, "err"));
	}

	static ClientProcess start(List<String> command, Path workDir, Map<String, String> env, String name) {
		try {
			Files.createDirectories(LOGS);
			Path log = LOGS.resolve(name + ".log");
			Files.writeString(log, "$ " + String.join(" ", command) + "\n");
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
			builder.environment().putAll(env);
			return new ClientProcess(builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + command, ex);
		}
	}

	/**
	 * Waits for a line on stdout or stderr matching {@code pattern}, after the line the
	 * previous call matched; returns the match.
	 */
	Matcher await(Pattern pattern, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		int seen = this.awaited;
		while (Instant.now().isBefore(deadline)) {
			// read what an exited process left in the pipes before giving up on it
			boolean exited = !this.process.isAlive() && joinPumps();
			List<String> lines = lines();
			for (; seen < lines.size(); seen++) {
				Matcher matcher = pattern.matcher(lines.get(seen));
				if (matcher.find()) {
					this.awaited = seen + 1;
					return matcher;
				}
			}
			if (exited) {
				throw new IllegalStateException("client exited (" + this.process.exitValue() + ") without printing "
						+ pattern + "; log " + this.log + ":\n" + output());
			}
			sleep(100);
		}
		throw new IllegalStateException(
				"no line matching " + pattern + " within " + timeout + "; log " + this.log + ":\n" + output());
	}

	/** Waits for the process to end; returns its exit code. */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						"client still running after " + timeout + "; log " + this.log + ":\n" + output());
			}
			joinPumps();
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Everything printed on stdout, in order. */
	String stdout() {
		synchronized (this.stdout) {
			return String.join("\n", this.stdout);
		}
	}

	/** stdout, then stderr, for failure messages. */
	String output() {
		String err;
		synchronized (this.stderr) {
			err = String.join("\n", this.stderr);
		}
		return "--- stdout\n" + stdout() + "\n--- stderr\n" + err;
	}

	/** The first stdout line starting with {@code prefix}, without it. */
	Optional<String> stdoutLine(String prefix) {
		synchronized (this.stdout) {
			return this.stdout.stream()
				.filter((l) -> l.startsWith(prefix))
				.map((l) -> l.substring(prefix.length()))
				.findFirst();
		}
	}

	Path log() {
		return this.log;
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

	private boolean joinPumps() {
		try {
			for (Thread pump : this.pumps) {
				pump.join(5000);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return true;
	}

	private List<String> lines() {
		synchronized (this.all) {
			return List.copyOf(this.all);
		}
	}

	private Thread pump(InputStream stream, List<String> lines, String tag) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					synchronized (lines) {
						lines.add(line);
					}
					synchronized (this.all) {
						this.all.add(line);
					}
					Files.writeString(this.log, tag + "| " + line + "\n", StandardOpenOption.APPEND);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}, "client-" + tag);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
