package com.defernowork.gateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.HttpCalls;
import com.defernowork.gateway.e2e.support.McpCalls;
import com.defernowork.gateway.e2e.support.NginxProcess;
import com.defernowork.gateway.e2e.support.ProjectDir;
import com.defernowork.gateway.e2e.support.RedisKeys;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./quickstart.sh} as a newcomer runs it (with free ports instead of the
 * defaults): it gets ready, the URLs it prints answer, and SIGTERM stops every process it
 * started.
 */
class QuickstartIT {

	static final Pattern PRINTED = Pattern.compile("^\\s*(MCP URL|Issuer|Logs|Health):\\s+(\\S+).*$");

	@Test
	void quickstartWhenReadyThenPrintedUrlsAnswerAndSigtermLeavesNoProcess() throws Exception {
		int sandboxPort = FreePorts.next();
		int authPort = FreePorts.next();
		int mcpPort = FreePorts.next();
		int nginxPort = FreePorts.next();
		int authManagementPort = FreePorts.next();
		int mcpManagementPort = FreePorts.next();
		Path work = Path.of("target", "quickstart-" + System.nanoTime()).toAbsolutePath();
		String redisPrefix = TestRedis.uniquePrefix("quickstart");
		ProcessBuilder builder = quickstart(sandboxPort, authPort, mcpPort, nginxPort);
		Map<String, String> env = builder.environment();
		env.put("QUICKSTART_LOG_DIR", work.resolve("logs").toString());
		env.put("QUICKSTART_RUN_DIR", work.resolve("run").toString());
		// the reactor has just built the jars; a nested Maven build inside this one must
		// not start
		env.put("QUICKSTART_BUILD", "never");
		env.put("JAVA_HOME", System.getProperty("java.home"));
		env.put("AUTH_MANAGEMENT_PORT", String.valueOf(authManagementPort));
		env.put("MCP_MANAGEMENT_PORT", String.valueOf(mcpManagementPort));
		env.put("REDIS_URL", TestRedis.url());
		env.put("AUTH_REDIS_KEY_PREFIX", redisPrefix);
		env.put("PATH", env.getOrDefault("PATH", "") + ":/usr/sbin");
		// the two secrets as an operator keeps them, in files: quickstart makes neither
		Path secrets = Files.createDirectories(work.resolve("secrets"));
		SecureRandom random = new SecureRandom();
		byte[] key = new byte[32];
		random.nextBytes(key);
		Files.writeString(secrets.resolve("VAULT_KEY"), Base64.getEncoder().encodeToString(key) + "\n");
		random.nextBytes(key);
		Files.writeString(secrets.resolve("RS_CLIENT_SECRET"),
				Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n");
		env.put("GATEWAY_SECRETS_DIR", secrets.toString());
		env.remove("VAULT_KEY");
		env.remove("RS_CLIENT_SECRET");

		Process quickstart = builder.start();
		List<String> output = Collections.synchronizedList(new ArrayList<>());
		CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(quickstart, output));
		try {
			assertThat(ready.get(600, TimeUnit.SECONDS)).as("quickstart output:\n%s", String.join("\n", output))
				.isTrue();
			String mcpUrl = printed(output, "MCP URL");
			String issuer = printed(output, "Issuer");
			boolean withNginx = NginxProcess.binary().isPresent();
			assertThat(mcpUrl).isEqualTo(
					withNginx ? "http://localhost:" + nginxPort + "/mcp" : "http://localhost:" + mcpPort + "/mcp");
			assertThat(issuer).isEqualTo(withNginx ? "http://localhost:" + nginxPort : "http://localhost:" + authPort);
			assertThat(Path.of(printed(output, "Logs"))).isDirectory();

			HttpResponse<String> unauthenticated = new McpCalls(mcpUrl).initialize(null);
			assertThat(unauthenticated.statusCode()).as(unauthenticated.body()).isEqualTo(401);
			assertThat(unauthenticated.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer").contains("resource_metadata"));
			HttpResponse<String> metadata = HttpCalls.get(issuer + "/.well-known/oauth-authorization-server");
			assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
			assertThat(HttpCalls.json(metadata).get("issuer").asString()).isEqualTo(issuer);
			// an operator reads why a server is not ready on its management port, as with
			// compose
			assertThat(printed(output, "Health")).isEqualTo(health(authManagementPort));
			assertThat(HttpCalls.json(HttpCalls.get(health(authManagementPort))).get("components").has("redisWrites"))
				.isTrue();
			// the resource server's credentials, read by both servers from the one file
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(HttpCalls.json(HttpCalls.get(health(mcpManagementPort)))
					.at("/components/authServer/status")
					.asString()).isEqualTo("UP"));
			assertThat(work.resolve("run/dev-vault-key")).doesNotExist();
			assertThat(work.resolve("run/dev-rs-client-secret")).doesNotExist();
			// asked at the sandbox's GET /health, beside its API, as no tool has called
			// it; a health read waits for that probe only briefly, so a later read has it
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(HttpCalls.json(HttpCalls.get(health(mcpManagementPort)))
					.at("/components/deferno/details/lastAnswer")
					.asString("")).isEqualTo("200 from GET /health"));
			assertThat(HttpCalls.json(HttpCalls.get(health(mcpManagementPort)))
				.at("/components/deferno/status")
				.asString()).isEqualTo("UP");
			// bound to loopback as the applications are, not on every interface as Boot
			// would
			for (InetAddress outside : outsideAddresses()) {
				assertThat(listening(outside, authManagementPort)).as("%s:%d", outside, authManagementPort).isFalse();
				assertThat(listening(outside, mcpManagementPort)).as("%s:%d", outside, mcpManagementPort).isFalse();
			}

			List<ProcessHandle> started = quickstart.descendants().toList();
			assertThat(started).as("sandbox, auth server, resource server (and nginx)").hasSizeGreaterThanOrEqualTo(3);

			quickstart.destroy(); // SIGTERM
			assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).as("quickstart ends after SIGTERM").isTrue();
			for (ProcessHandle process : started) {
				process.onExit().get(30, TimeUnit.SECONDS);
				assertThat(process.isAlive()).as("left behind: %s", process.info()).isFalse();
			}
			for (int port : new int[] { sandboxPort, authPort, mcpPort, nginxPort, authManagementPort,
					mcpManagementPort }) {
				assertThat(listening(port)).as("port %d still open", port).isFalse();
			}
		}
		finally {
			quickstart.descendants().forEach(ProcessHandle::destroyForcibly);
			quickstart.destroyForcibly();
			RedisKeys.deleteByPrefix(TestRedis.url(), redisPrefix);
		}
	}

	@Test
	void quickstartWhenTwoServicesShareAPortThenRefusesBeforeStartingAny() throws Exception {
		int shared = FreePorts.next();
		ProcessBuilder builder = quickstart(FreePorts.next(), shared, shared, FreePorts.next());
		builder.environment().put("QUICKSTART_BUILD", "never");
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));

		Process quickstart = builder.start();
		assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(quickstart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(quickstart.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("MCP_PORT " + shared + " is also another service's port");
		assertThat(listening(shared)).as("nothing was started").isFalse();
	}

	private static ProcessBuilder quickstart(int sandboxPort, int authPort, int mcpPort, int nginxPort) {
		ProcessBuilder builder = new ProcessBuilder("bash", ProjectDir.root().resolve("quickstart.sh").toString())
			.redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.put("SANDBOX_PORT", String.valueOf(sandboxPort));
		env.put("AUTH_PORT", String.valueOf(authPort));
		env.put("MCP_PORT", String.valueOf(mcpPort));
		env.put("NGINX_PORT", String.valueOf(nginxPort));
		env.put("AUTH_MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
		env.put("MCP_MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
		return builder;
	}

	private static boolean readUntilReady(Process process, List<String> output) {
		try {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line;
			boolean ready = false;
			while ((line = reader.readLine()) != null) {
				output.add(line);
				if (line.contains("Press Ctrl-C to stop")) {
					ready = true;
					// keep draining in the background so the script never blocks on a
					// full pipe
					Thread.ofVirtual().start(() -> drain(reader, output));
					break;
				}
			}
			return ready;
		}
		catch (IOException ex) {
			output.add("(reading failed: " + ex + ")");
			return false;
		}
	}

	private static void drain(BufferedReader reader, List<String> output) {
		try {
			String line;
			while ((line = reader.readLine()) != null) {
				output.add(line);
			}
		}
		catch (IOException ex) {
			// the script ended
		}
	}

	private static String printed(List<String> output, String label) {
		synchronized (output) {
			for (String line : output) {
				Matcher matcher = PRINTED.matcher(line);
				if (matcher.matches() && matcher.group(1).equals(label)) {
					return matcher.group(2);
				}
			}
		}
		throw new AssertionError("quickstart printed no '" + label + ":' line:\n" + String.join("\n", output));
	}

	private static String health(int managementPort) {
		return "http://127.0.0.1:" + managementPort + "/actuator/health";
	}

	/**
	 * This machine's addresses other than loopback (none on a machine without a network).
	 */
	private static List<InetAddress> outsideAddresses() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.toList();
	}

	private static boolean listening(int port) {
		return listening(InetAddress.getLoopbackAddress(), port);
	}

	private static boolean listening(InetAddress address, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
