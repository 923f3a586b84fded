package com.defernowork.gateway.e2e.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real nginx binary running the project's own configuration: {@code nginx/render.sh}
 * lays out a prefix from the templates (the same step quickstart.sh runs), then nginx
 * runs in the foreground until closed.
 */
public final class NginxProcess implements AutoCloseable {

	private final Process process;

	private final Path prefix;

	private final int port;

	private NginxProcess(Process process, Path prefix, int port) {
		this.process = process;
		this.prefix = prefix;
		this.port = port;
	}

	/** The nginx binary on the PATH (or in /usr/sbin, where Debian puts it), if any. */
	public static Optional<Path> binary() {
		String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
				+ "/usr/local/sbin";
		return Stream.of(path.split(File.pathSeparator))
			.filter(dir -> !dir.isBlank())
			.map(dir -> Path.of(dir, "nginx"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Skips the calling test class when no nginx binary exists on a developer's machine;
	 * in CI ({@code CI} set, and {@code .ci/run} installs nginx) a missing binary fails
	 * instead, so the end-to-end tests can never silently not run.
	 */
	public static void assumeBinary(String what) {
		String message = "no nginx binary on the PATH: install nginx (.ci/run does) to run " + what;
		if (binary().isEmpty() && System.getenv("CI") != null) {
			throw new IllegalStateException(message);
		}
		org.junit.jupiter.api.Assumptions.assumeTrue(binary().isPresent(), message);
	}

	/**
	 * Renders {@code mode} ("local" or "tls") with {@code variables} into a fresh prefix
	 * under {@code workDir} and checks it with {@code nginx -t}; returns the prefix.
	 */
	public static Path render(String mode, Map<String, String> variables, Path workDir) {
		Path prefix = workDir.resolve("nginx-" + mode + "-" + System.nanoTime());
		run(List.of("bash", ProjectDir.root().resolve("nginx/render.sh").toString(), mode, prefix.toString()),
				variables, "render " + mode);
		return prefix;
	}

	/**
	 * {@code nginx -t} on a rendered prefix; returns nginx's output, throws with it when
	 * the test fails.
	 */
	public static String test(Path prefix) {
		return run(command(prefix, "-t"), Map.of(), "nginx -t");
	}

	/**
	 * Renders the local configuration in front of the given upstreams and starts nginx on
	 * {@code port}.
	 */
	public static NginxProcess startLocal(int port, String authUpstream, String mcpUpstream, Path workDir) {
		return startLocal(port, authUpstream, mcpUpstream, workDir, Map.of());
	}

	/**
	 * As {@link #startLocal(int, String, String, Path)}, with more of the template's
	 * variables (such as {@code NGINX_MCP_RATE}).
	 */
	public static NginxProcess startLocal(int port, String authUpstream, String mcpUpstream, Path workDir,
			Map<String, String> more) {
		Map<String, String> variables = new HashMap<>(more);
		variables.putAll(
				Map.of("NGINX_PORT", String.valueOf(port), "AUTH_UPSTREAM", authUpstream, "MCP_UPSTREAM", mcpUpstream));
		return start(render("local", variables, workDir), port);
	}

	/**
	 * Checks a rendered prefix with {@code nginx -t}, starts nginx on it and waits until
	 * {@code port} answers.
	 */
	public static NginxProcess start(Path prefix, int port) {
		test(prefix);
		ProcessBuilder builder = new ProcessBuilder(command(prefix)).redirectErrorStream(true)
			.redirectOutput(prefix.resolve("logs/nginx.out").toFile());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start nginx", ex);
		}
		NginxProcess nginx = new NginxProcess(process, prefix, port);
		nginx.awaitReady();
		return nginx;
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/**
	 * The access log of this nginx, as written so far (nginx writes each line when the
	 * request ends).
	 */
	public String accessLog() {
		try {
			return Files.readString(this.prefix.resolve("logs/access.log"));
		}
		catch (IOException ex) {
			return "(no access log: " + ex.getMessage() + ")";
		}
	}

	/**
	 * The version of the nginx binary, e.g. {@code [1, 22, 1]}, from {@code nginx -v}.
	 */
	public static List<Integer> version() {
		Path binary = binary().orElseThrow(() -> new IllegalStateException("no nginx binary"));
		String output = run(List.of(binary.toString(), "-v"), Map.of(), "nginx -v");
		Matcher matcher = Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)").matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("no version in: " + output);
		}
		return List.of(Integer.valueOf(matcher.group(1)), Integer.valueOf(matcher.group(2)),
				Integer.valueOf(matcher.group(3)));
	}

	public String errorLog() {
		try {
			return Files.readString(this.prefix.resolve("logs/error.log"));
		}
		catch (IOException ex) {
			return "(no error log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newHttpClient();
		// any answer will do: in the tls configuration the http port only redirects
		URI health = URI.create("http://127.0.0.1:" + this.port + "/healthz");
		Instant deadline = Instant.now().plusSeconds(20);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited during startup:\n" + errorLog());
			}
			try {
				HttpResponse<Void> response = http.send(
						HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() > 0) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			sleep();
		}
		close();
		throw new IllegalStateException("nginx did not answer " + health + ":\n" + errorLog());
	}

	private static List<String> command(Path prefix, String... extra) {
		Path binary = binary().orElseThrow(() -> new IllegalStateException("no nginx binary"));
		Stream<String> base = Stream.of(binary.toString(), "-p", prefix + "/", "-c",
				prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString());
		return Stream.concat(base, Stream.of(extra)).toList();
	}

	private static String run(List<String> command, Map<String, String> env, String what) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(env);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(what + " failed: " + command + "\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(what + " failed: " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
