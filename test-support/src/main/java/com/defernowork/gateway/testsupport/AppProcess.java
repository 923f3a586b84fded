package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the project's applications, started from its executable jar
 * ({@code <module>/target/*-exec.jar}) as a separate JVM, the way the quickstart and the
 * container images run it. Output goes to a log file under the calling module's
 * {@code target/app-logs}, which a failure message names. The application sees only the
 * environment its test gives it plus a few variables of the machine ({@link #INHERITED}):
 * what the machine exports for the applications (CI exports {@code REDIS_URL}) would
 * otherwise choose their storage behind the test's back. The JVM starts from a startup
 * cache of the jar ({@link JvmStartupCache}), as the quickstart's do.
 */
public final class AppProcess implements AutoCloseable {

	static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");

	private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

	private final String name;

	private final Process process;

	private final Path log;

	private final int port;

	private AppProcess(String name, Process process, Path log, int port) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.port = port;
	}

	public static Builder of(String module) {
		return new Builder(module);
	}

	public int port() {
		return this.port;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public Path log() {
		return this.log;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Asks the application to stop (SIGTERM, as Docker and systemd do) and returns at
	 * once: its graceful shutdown runs on.
	 */
	public void terminate() {
		this.process.destroy();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * Locates {@code <module>/target/<module>-*-exec.jar} from the project root or any
	 * module directory.
	 */
	public static Path executableJar(String module) {
		Path cwd = Path.of("").toAbsolutePath();
		for (Path dir = cwd; dir != null; dir = dir.getParent()) {
			Path target = dir.resolve(module).resolve("target");
			if (Files.isDirectory(target)) {
				try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
					for (Path jar : jars) {
						return jar;
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		throw new IllegalStateException("no executable jar of module '" + module + "' under " + cwd
				+ " or its parents: build it first (./mvnw -B package -pl " + module + " -am -DskipTests)");
	}

	public static final class Builder {

		private final String module;

		private final Map<String, String> env = new LinkedHashMap<>();

		private final List<String> args = new ArrayList<>();

		private int port = FreePorts.next();

		private String readinessPath = "/actuator/health";

		private Duration startupTimeout = Duration.ofSeconds(90);

		private List<String> jvmOptions;

		private Builder(String module) {
			this.module = module;
		}

		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder env(String name, String value) {
			this.env.put(name, value);
			return this;
		}

		/** A {@code --name=value} application argument (Spring property). */
		public Builder property(String name, String value) {
			this.args.add("--" + name + "=" + value);
			return this;
		}

		public Builder readinessPath(String path) {
			this.readinessPath = path;
			return this;
		}

		public Builder startupTimeout(Duration timeout) {
			this.startupTimeout = timeout;
			return this;
		}

		/**
		 * JVM options of the test's own instead of the tests' default ones; the jar then
		 * starts without the startup cache, which is made for the default options.
		 */
		public Builder jvmOptions(List<String> options) {
			this.jvmOptions = List.copyOf(options);
			return this;
		}

		/** Starts the application and waits until its readiness path answers 200. */
		public AppProcess start() {
			Path jar = executableJar(this.module);
			Path logDir = Path.of("target", "app-logs").toAbsolutePath();
			try {
				Files.createDirectories(logDir);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Path log = logDir.resolve(this.module + "-" + this.port + ".log");
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			List<String> command = new ArrayList<>();
			command.add(java.toString());
			if (this.jvmOptions == null) {
				command.addAll(JVM_OPTIONS);
				command.addAll(JvmStartupCache.launch(java, jar, JVM_OPTIONS));
			}
			else {
				command.addAll(this.jvmOptions);
				command.addAll(List.of("-jar", jar.toString()));
			}
			command.add("--server.port=" + this.port);
			command.add("--server.address=127.0.0.1");
			command.addAll(this.args);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().keySet().retainAll(INHERITED);
			builder.environment().putAll(this.env);
			Process process;
			try {
				process = builder.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("could not start " + this.module, ex);
			}
			AppProcess app = new AppProcess(this.module, process, log, this.port);
			awaitReady(app);
			return app;
		}

		private void awaitReady(AppProcess app) {
			URI uri = URI.create(app.baseUrl() + this.readinessPath);
			int last;
			try {
				last = HealthCheck.pollUntilOk(uri, this.startupTimeout, () -> {
					if (!app.isAlive()) {
						throw new IllegalStateException(
								app.name + " exited during startup; log " + app.log + ":\n" + app.logTail());
					}
				});
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				app.close();
				throw new IllegalStateException("interrupted while waiting for " + app.name, ex);
			}
			if (last != 200) {
				app.close();
				throw new IllegalStateException(app.name + " was not ready at " + uri + " within " + this.startupTimeout
						+ "; log " + app.log + ":\n" + app.logTail());
			}
		}

	}

}
