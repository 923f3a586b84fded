package com.defernowork.gateway.e2e.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.defernowork.gateway.e2e.support.JvmScript;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.HealthCheck;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that hold connections without finishing a request cannot take a service down,
 * on its own port, which nginx does not guard (reachable from the compose network, the
 * machine, or a balancer that passes bodies on as they come). Each service runs with the
 * JVM options quickstart gives it (an 80 MB heap, exit on running out of it), and each
 * case ran it out of memory before: some 3,000 idle connections (Tomcat held 8,192 by
 * default); 150 form posts that declared 2 MB each (Tomcat set each declared length aside
 * before reading); 150 MCP requests that each sent all but the last byte of a 1 MB body
 * (the resource server held every body as it came).
 */
class SlowClientsIT {

	/** For an answer that must come: long, since a busy machine may take a while. */
	private static final Duration ANSWER_WAIT = Duration.ofSeconds(15);

	/** For a request held without an answer: short, each one waits it out. */
	private static final Duration HELD_WAIT = Duration.ofSeconds(2);

	private static AppProcess auth;

	private static AppProcess mcp;

	@BeforeAll
	static void start() throws Exception {
		List<String> options = quickstartJvmOptions();
		auth = AppProcess.of("auth-server")
			.jvmOptions(options)
			.env("RS_CLIENT_SECRET", "slow-clients-it-0123456789-abcdefghijklmnopq")
			.env("VAULT_KEY", Base64.getEncoder().encodeToString(new byte[32]))
			.start();
		int port = FreePorts.next();
		// nothing answers there: the resource server serves without the auth server, its
		// requests all 401
		String nowhere = "http://127.0.0.1:" + FreePorts.next();
		mcp = AppProcess.of("resource-server")
			.port(port)
			.jvmOptions(options)
			.env("MCP_PUBLIC_URL", "http://127.0.0.1:" + port)
			.env("AUTH_ISSUER", nowhere)
			.env("AUTH_INTERNAL_URL", nowhere)
			.env("DEFERNO_BASE_URL", nowhere + "/api")
			.readinessPath("/.well-known/oauth-protected-resource/mcp")
			.start();
	}

	@AfterAll
	static void stop() {
		for (AppProcess app : new AppProcess[] { auth, mcp }) {
			if (app != null) {
				app.close();
			}
		}
	}

	@Test
	void authServerWhenThousandsOfIdleConnectionsThenItStaysUpAndServesOnceTheyClose() throws Exception {
		holdIdleConnections(auth);
	}

	@Test
	void resourceServerWhenThousandsOfIdleConnectionsThenItStaysUpAndServesOnceTheyClose() throws Exception {
		holdIdleConnections(mcp);
	}

	@Test
	void authServerWhenManyFormsDeclareTwoMegabytesThenEach413AndItStaysUp() throws Exception {
		String head = "POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n"
				+ "grant_type=client_credentials&";
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 300; i++) {
				sockets.add(send(auth, head.getBytes(StandardCharsets.US_ASCII)));
			}
			for (Socket socket : sockets) {
				assertThat(statusLine(socket, ANSWER_WAIT)).isEqualTo("HTTP/1.1 413 ");
			}
			assertStaysUp(auth, sockets.size());
		}
		finally {
			closeAll(sockets);
		}
		HealthCheck.awaitUp(auth.baseUrl(), Duration.ofSeconds(30));
	}

	@Test
	void resourceServerWhenManyLargeBodiesArriveSlowlyThen503BeyondItsBudgetAndItStaysUp() throws Exception {
		byte[] body = new byte[1_000_000];
		Arrays.fill(body, (byte) ' ');
		body[0] = '{';
		byte[] head = ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Accept: application/json, text/event-stream\r\nContent-Length: " + (body.length + 1) + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		List<Socket> sockets = new ArrayList<>();
		try {
			// bodies declared and never sent take nothing of the budget: a request of
			// 600 KB sent whole is still read (and refused for its missing token)
			for (int i = 0; i < 30; i++) {
				sockets.add(send(mcp, head));
			}
			Socket whole = send(mcp, paddedMcpRequest(600_000));
			sockets.add(whole);
			assertThat(statusLine(whole, ANSWER_WAIT)).isEqualTo("HTTP/1.1 401 ");
			List<Socket> slow = new ArrayList<>();
			for (int i = 0; i < 150; i++) {
				Socket socket = send(mcp, head);
				slow.add(socket);
				// all but the last byte, which never comes
				socket.getOutputStream().write(body);
			}
			sockets.addAll(slow);
			long held = 0;
			for (Socket socket : slow) {
				String status = statusLine(socket, HELD_WAIT);
				if (status.isEmpty()) {
					held++;
				}
				else {
					assertThat(status).isEqualTo("HTTP/1.1 503 ");
				}
			}
			// an eightieth of the 80 MB heap, 1 MB (a parsed body takes some 30 times its
			// bytes), holds one of them whole (none while others' first bytes still
			// count); an eighth held 5 to 10
			assertThat(held).isBetween(0L, 1L);
			assertStaysUp(mcp, sockets.size());
		}
		finally {
			closeAll(sockets);
		}
		HealthCheck.awaitUp(mcp.baseUrl(), Duration.ofSeconds(30));
		// the bodies cut off gave back what they held (were they still held, even this
		// 900 KB body would find no room)
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			try (Socket again = send(mcp, paddedMcpRequest(900_000))) {
				assertThat(statusLine(again, HELD_WAIT)).isEqualTo("HTTP/1.1 401 ");
			}
		});
	}

	private static byte[] paddedMcpRequest(int bytes) {
		String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
		String body = request + " ".repeat(bytes - request.length());
		return ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
			.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Opens up to 4,000 connections and sends nothing: once the service takes no more,
	 * the kernel queues a few and then lets the rest time out. The service is alive while
	 * they stay open and answers again once they close.
	 */
	private static void holdIdleConnections(AppProcess app) throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			// a service short of memory accepts slowly: a few connections in a row that
			// time out, not one, say it takes no more
			int timedOutInARow = 0;
			while (sockets.size() < 4_000 && timedOutInARow < 5) {
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
			assertStaysUp(app, sockets.size());
		}
		finally {
			closeAll(sockets);
		}
		HealthCheck.awaitUp(app.baseUrl(), Duration.ofSeconds(30));
	}

	private static Socket send(AppProcess app, byte[] head) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
		OutputStream out = socket.getOutputStream();
		out.write(head);
		out.flush();
		return socket;
	}

	/** The answer's status line, or empty when none came within {@code wait}. */
	private static String statusLine(Socket socket, Duration wait) throws IOException {
		socket.setSoTimeout((int) wait.toMillis());
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		try {
			for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
				line.append((char) b);
			}
		}
		catch (SocketTimeoutException ex) {
			// nothing yet
		}
		return line.toString();
	}

	private static void assertStaysUp(AppProcess app, int held) {
		try {
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.until(() -> app.isAlive() && !Files.readString(app.log()).contains("OutOfMemoryError"));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					"the service died holding " + held + " connections; log " + app.log() + ":\n" + app.logTail(), ex);
		}
	}

	private static void closeAll(List<Socket> sockets) throws IOException {
		for (Socket socket : sockets) {
			socket.close();
		}
	}

	/**
	 * What {@code scripts/jvm.sh} gives this JDK, as quickstart.sh and the bench use it.
	 */
	private static List<String> quickstartJvmOptions() throws IOException, InterruptedException {
		List<String> options = JvmScript.defaultOptions(Path.of(System.getProperty("java.home"), "bin", "java"));
		assertThat(options).anyMatch((option) -> option.startsWith("-Xmx"));
		return options;
	}

}
