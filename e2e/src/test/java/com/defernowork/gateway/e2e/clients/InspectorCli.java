package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.testsupport.FreePorts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP Inspector's command line ({@code @modelcontextprotocol/inspector} 2.x,
 * {@code --cli}), given nothing but the MCP URL and the protocol era to speak
 * ({@code --protocol-era}: {@code legacy} opens with {@code initialize}, {@code modern}
 * pins MCP 2026-07-28). Every invocation is one MCP method; all of them share one
 * isolated HOME, where the first (interactive) one stores its client registration and
 * tokens ({@code ~/.mcp-inspector}) for the later, non-interactive ones
 * ({@code --stored-auth-only}).
 */
final class InspectorCli {

	static final String LAUNCHER = "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NodeClients node;

	private final String mcpUrl;

	private final String era;

	private final Path home;

	private final String callbackUrl;

	private final String clientMetadataUrl;

	private int runs;

	InspectorCli(NodeClients node, String mcpUrl, String era) {
		this(node, mcpUrl, era, null);
	}

	/**
	 * With a Client ID Metadata Document URL ({@code --client-metadata-url}) instead of
	 * dynamic registration.
	 */
	InspectorCli(NodeClients node, String mcpUrl, String era, String clientMetadataUrl) {
		this.node = node;
		this.mcpUrl = mcpUrl;
		this.era = era;
		this.clientMetadataUrl = clientMetadataUrl;
		this.callbackUrl = "http://127.0.0.1:" + FreePorts.next() + "/oauth/callback";
		try {
			Path homes = Path.of("target", "inspector-home").toAbsolutePath();
			Files.createDirectories(homes);
			this.home = Files.createTempDirectory(homes, "home-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where the browser is sent back to: Inspector's own loopback listener. */
	String callbackUrl() {
		return this.callbackUrl;
	}

	Path home() {
		return this.home;
	}

	/**
	 * Starts {@code method} with interactive OAuth allowed: Inspector prints
	 * {@code Please navigate to: <url>} on stderr and waits on its callback listener.
	 */
	ClientProcess startInteractive(String method, String... extra) {
		return start(method, false, extra);
	}

	/**
	 * Runs {@code method} on the stored tokens only and returns Inspector's JSON result;
	 * fails on any exit but 0.
	 */
	JsonNode call(String method, String... extra) {
		try (ClientProcess process = start(method, true, extra)) {
			int exit = process.awaitExit(Duration.ofSeconds(60));
			if (exit != 0) {
				throw new IllegalStateException("inspector " + method + " exited " + exit + "; log " + process.log()
						+ ":\n" + process.output());
			}
			return result(process);
		}
	}

	/**
	 * The method's result from the JSON object Inspector printed on stdout
	 * ({@code --format json}).
	 */
	static JsonNode result(ClientProcess process) {
		String out = process.stdout().strip();
		int start = out.indexOf('{');
		if (start < 0) {
			throw new IllegalStateException(
					"no JSON on Inspector's stdout; log " + process.log() + ":\n" + process.output());
		}
		JsonNode printed = JSON.readTree(out.substring(start));
		return printed.has("result") ? printed.get("result") : printed;
	}

	private ClientProcess start(String method, boolean storedAuthOnly, String... extra) {
		List<String> args = new ArrayList<>(List.of("--cli", "--transport", "http", "--server-url", this.mcpUrl,
				"--protocol-era", this.era, "--format", "json", "--method", method));
		if (storedAuthOnly) {
			args.add("--stored-auth-only");
		}
		if (this.clientMetadataUrl != null) {
			args.addAll(List.of("--client-metadata-url", this.clientMetadataUrl));
		}
		args.addAll(List.of(extra));
		Map<String, String> env = Map.of("HOME", this.home.toString(), "MCP_AUTO_OPEN_ENABLED", "true",
				"MCP_OAUTH_CALLBACK_URL", this.callbackUrl,
				// no desktop keychain here: keep secrets in a file under the isolated
				// HOME, without the warning
				"MCP_INSPECTOR_SECRET_STORE", "file");
		this.runs++;
		return this.node.run(LAUNCHER, args, env,
				"inspector-" + this.era + "-" + this.runs + "-" + method.replace('/', '-'));
	}

}
