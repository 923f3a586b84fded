package com.defernowork.gateway.web.shutdown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.defernowork.gateway.web.HelloApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A shutting-down server in a real Tomcat: new connections are refused at once, a
 * connection kept open by a proxy is answered once more and closed by that answer, not
 * cut while a request may be on its way; the shutdown goes on once no request has run for
 * a while.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionDrainIT {

	/** A caller's trace, but for its last digit. */
	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e473";

	private static final String HELLO = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";

	@Test
	void shutdownWhenAConnectionIsKeptOpenThenItsNextAnswerClosesItAndTheShutdownGoesOn() throws Exception {
		// a quiet long enough for the test to send its second request within the drain,
		// and a longer one once it has
		ConnectionDrain drain = new ConnectionDrain(Duration.ofSeconds(2), Duration.ofSeconds(4),
				Duration.ofSeconds(20));
		ConfigurableApplicationContext context = start(drain);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		try (Socket kept = new Socket("127.0.0.1", port)) {
			kept.setSoTimeout(5000);
			String first = exchange(kept, HELLO);
			assertThat(first).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");

			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(5)).until(drain::isDraining);
			long drained = System.nanoTime();

			// a new connection is refused: a proxy sends its request elsewhere
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
			// the proxy reuses its idle connection: answered, and told it ends
			String second = exchange(kept, HELLO);
			assertThat(second).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
			assertThat(kept.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
			long used = System.nanoTime();

			closing.get(10, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - drained)).as("ended by the quiet, not the longest wait")
				.isLessThan(Duration.ofSeconds(10));
			// the proxy used a kept connection: it may hold more, which it uses again
			// only after its pause for the refused connection
			assertThat(Duration.ofNanos(System.nanoTime() - used)).as("the quiet after a use")
				.isGreaterThan(Duration.ofMillis(3500));
		}
	}

	@Test
	void shutdownWhenARequestIsRunningThenItsAnswerClosesItsConnectionAndTheQuietIsTheLongerOne(CapturedOutput output)
			throws Exception {
		ConnectionDrain drain = new ConnectionDrain(Duration.ofMillis(500), Duration.ofSeconds(3),
				Duration.ofSeconds(20));
		ConfigurableApplicationContext context = start(drain);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		// threads of their own: the common pool may have one thread on a small machine
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (Socket kept = new Socket("127.0.0.1", port)) {
			kept.setSoTimeout(10_000);
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
				try {
					return exchange(kept, "GET /hello/slowly?millis=2000 HTTP/1.1\r\nHost: localhost\r\n\r\n");
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}, threads);
			Thread.sleep(300);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close, threads);
			await().atMost(Duration.ofSeconds(5)).until(drain::isDraining);
			assertThat(answer).as("still running as the drain began").isNotDone();

			// a proxy must not keep this connection to reuse it as the shutdown ends
			assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200")
				.containsIgnoringCase("connection: close");
			long answered = System.nanoTime();
			assertThat(kept.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
			closing.get(10, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - answered)).as("the quiet after a use")
				.isGreaterThan(Duration.ofMillis(2500));
			// an operator sees the shutdown begin, not only the server's line seconds
			// later
			assertThat(output.getAll()).contains("Shutting down: new connections are refused; requests running: 1;",
					"Connections drained in ");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void shutdownWhenRequestsAreAnsweredDuringTheDrainThenTheirLinesNameTheirOwnTrace(CapturedOutput output)
			throws Exception {
		ConnectionDrain drain = new ConnectionDrain(Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofSeconds(20));
		ConfigurableApplicationContext context = start(drain);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		try (Socket kept = new Socket("127.0.0.1", port)) {
			kept.setSoTimeout(5000);
			exchange(kept, helloInTrace(1));
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(5)).until(drain::isDraining);
			exchange(kept, helloInTrace(2));
			closing.get(10, TimeUnit.SECONDS);
		}
		List<String> lines = output.getAll().lines().filter((line) -> line.contains("Said hello")).toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).contains("[" + TRACE + "1-");
		// Boot stops naming the trace in log lines as the close begins, before the drain
		assertThat(lines.get(1)).contains("[" + TRACE + "2-");
	}

	private static String helloInTrace(int last) {
		return "GET /hello HTTP/1.1\r\nHost: localhost\r\ntraceparent: 00-" + TRACE + last
				+ "-00f067aa0ba902b7-01\r\n\r\n";
	}

	/** The application on a free port, shutting down through this drain. */
	private static ConfigurableApplicationContext start(ConnectionDrain drain) {
		return new SpringApplicationBuilder(HelloApplication.class)
			.initializers((starting) -> ((GenericApplicationContext) starting).registerBean("connectionDrain",
					ConnectionDrain.class, () -> drain))
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
	}

	/** Sends one request and reads its answer (a body of "hello"). */
	private static String exchange(Socket socket, String request) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		while (!answer.toString(StandardCharsets.ISO_8859_1).endsWith("hello")) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			answer.write(next);
		}
		return answer.toString(StandardCharsets.ISO_8859_1);
	}

}
