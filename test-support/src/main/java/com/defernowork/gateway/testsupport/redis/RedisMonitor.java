package com.defernowork.gateway.testsupport.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The commands a Redis receives, as {@code MONITOR} reports them, to count what an
 * operation costs (on a Redis no one else uses). Commands run inside a Lua script are
 * reported as such and are not round trips.
 */
public final class RedisMonitor implements AutoCloseable {

	private final int port;

	private final Socket socket;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private RedisMonitor(int port) {
		this.port = port;
		try {
			this.socket = new Socket("127.0.0.1", port);
			OutputStream out = this.socket.getOutputStream();
			out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot monitor Redis on port " + port, ex);
		}
		this.reader = Thread.ofPlatform().daemon().name("redis-monitor-" + port).start(this::read);
	}

	public static RedisMonitor on(RedisProcess redis) {
		return new RedisMonitor(redis.port());
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	/**
	 * The commands Redis received while {@code action} ran, in order; script-internal
	 * ones marked {@code [lua]}.
	 */
	public List<Command> during(Runnable action) {
		String marker = UUID.randomUUID().toString();
		echo("start-" + marker);
		action.run();
		echo("end-" + marker);
		RedisCli.awaitTrue(Duration.ofSeconds(10),
				() -> this.lines.stream().anyMatch((line) -> line.contains("end-" + marker)),
				() -> "MONITOR never reported the end marker");
		List<Command> commands = new ArrayList<>();
		boolean inside = false;
		for (String line : this.lines) {
			if (line.contains("start-" + marker)) {
				inside = true;
			}
			else if (line.contains("end-" + marker)) {
				break;
			}
			else if (inside && line.startsWith("+") && line.contains("] \"")) {
				commands.add(Command.parse(line));
			}
		}
		return commands;
	}

	private void echo(String text) {
		RedisCli.run(this.port, "ECHO", text);
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// nothing to release
		}
	}

	/**
	 * One command as MONITOR shows it: its name, whether a Lua script ran it, the whole
	 * line.
	 */
	public record Command(String name, boolean fromScript, String line) {

		static Command parse(String line) {
			int bracket = line.indexOf("] \"");
			String client = line.substring(line.indexOf('[') + 1, bracket);
			String rest = line.substring(bracket + 3);
			String name = rest.substring(0, rest.indexOf('"')).toUpperCase(java.util.Locale.ROOT);
			return new Command(name, client.endsWith("lua"), line);
		}

		/**
		 * A command a client sent: one round trip (scripts' own commands run inside
		 * Redis).
		 */
		public boolean isRoundTrip() {
			return !this.fromScript;
		}

	}

}
