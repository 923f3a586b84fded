package com.defernowork.gateway.e2e.processes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.defernowork.gateway.e2e.support.ProjectDir;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.HealthCheck;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections that never send a byte cannot take a service down. Tomcat accepts 8,192 at
 * once by default and keeps buffers for each: some 2,900 idle connections ran the auth
 * server's 80 MB heap (the one quickstart and the images give it) out of memory, and the
 * JVM exited. nginx holds such connections itself, but the services' own ports are
 * reachable from the compose network and the machine. Each service runs here with the JVM
 * options quickstart gives it.
 */
class IdleConnectionsIT {

	private static final int CONNECTIONS = 4_000;

	@Test
	void authServerWhenThousandsOfIdleConnectionsThenItStaysUpAndServesOnceTheyClose() throws Exception {
		try (AppProcess auth = AppProcess.of("auth-server")
			.jvmOptions(quickstartJvmOptions())
			.env("RS_CLIENT_SECRET", "idle-connections-it-0123456789-abcdefghijklmn")
			.env("VAULT_KEY", Base64.getEncoder().encodeToString(new byte[32]))
			.start()) {
			holdIdleConnections(auth);
		}
	}

	@Test
	void resourceServerWhenThousandsOfIdleConnectionsThenItStaysUpAndServesOnceTheyClose() throws Exception {
		int port = FreePorts.next();
		// nothing answers there: the resource server starts and serves its metadata
		// without the auth server
		String nowhere = "http://127.0.0.1:" + FreePorts.next();
		try (AppProcess mcp = AppProcess.of("resource-server")
			.port(port)
			.jvmOptions(quickstartJvmOptions())
			.env("MCP_PUBLIC_URL", "http://127.0.0.1:" + port)
			.env("AUTH_ISSUER", nowhere)
			.env("AUTH_INTERNAL_URL", nowhere)
			.env("DEFERNO_BASE_URL", nowhere + "/api")
			.readinessPath("/.well-known/oauth-protected-resource/mcp")
			.start()) {
			holdIdleConnections(mcp);
		}
	}

	/**
	 * Opens up to {@link #CONNECTIONS} connections and sends nothing: once the service
	 * takes no more, the kernel queues a few and then lets the rest time out. The service
	 * is alive while they stay open and answers again once they close.
	 */
	private static void holdIdleConnections(AppProcess app) throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			// a service short of memory accepts slowly: a few connections in a row that
			// time out, not one, say it takes no more
			int timedOutInARow = 0;
			while (sockets.size() < CONNECTIONS && timedOutInARow < 5) {
				Socket socket = new Socket();
				try {
					socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 1_000);
					sockets.add(socket);
					timedOutInARow = 0;
				}
				catch (IOException ex) {
					socket.close();
					timedOutInARow++;
				}
			}
			assertThat(sockets).as("connections opened").hasSizeGreaterThan(1_000);
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.until(() -> app.isAlive() && !Files.readString(app.log()).contains("OutOfMemoryError"));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("the service died holding " + sockets.size() + " idle connections; log "
					+ app.log() + ":\n" + app.logTail(), ex);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		// answers again once they closed
		HealthCheck.awaitUp(app.baseUrl(), Duration.ofSeconds(30));
	}

	/**
	 * What {@code scripts/jvm.sh} gives this JDK, as quickstart.sh and the bench use it.
	 */
	private static List<String> quickstartJvmOptions() throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder("bash", "-c", "source scripts/jvm.sh && jvm_default_options \"$0\"",
				java.toString())
			.directory(ProjectDir.root().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		assertThat(process.waitFor()).as(output).isZero();
		assertThat(output).contains("-Xmx");
		return Arrays.asList(output.split("\\s+"));
	}

}
