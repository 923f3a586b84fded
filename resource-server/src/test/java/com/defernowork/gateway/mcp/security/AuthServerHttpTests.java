package com.defernowork.gateway.mcp.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.TokenAnswerCache.Timed;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one client to the authorization server: its questions' threads, and its connections
 * when an nginx between reloads (it answers on a keep-alive connection and then closes
 * it, so the next request sent on that pooled connection gets no answer at all).
 */
class AuthServerHttpTests {

	private static final McpSecurityProperties PROPERTIES = new McpSecurityProperties("https://mcp.example.test",
			"http://localhost:9000", null, "rs", "secret", McpSecurityProperties.TokenFormat.OPAQUE,
			new McpSecurityProperties.Cache(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2),
					Duration.ofMinutes(10), 100),
			List.of(), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 200, true,
			600);

	@Test
	void answerCacheWhenAskedWithinAnObservationThenTheQuestionRunsElsewhereInThatObservation() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		TokenAnswerCache<String> cache = AuthServerHttp.answerCache(PROPERTIES, "test-check-");
		AtomicReference<Observation> seen = new AtomicReference<>();
		AtomicReference<String> thread = new AtomicReference<>();
		Observation request = Observation.start("http.server.requests", registry);
		try (Observation.Scope scope = request.openScope()) {
			cache.get("token", (token) -> {
				seen.set(registry.getCurrentObservation());
				thread.set(Thread.currentThread().getName());
				return Timed.lasting("answer", Duration.ofSeconds(60));
			});
		}
		finally {
			request.stop();
		}
		assertThat(thread.get()).startsWith("test-check-");
		assertThat(seen.get()).isSameAs(request);
	}

	private ServerSocket server;

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final CountDownLatch answersRead = new CountDownLatch(1);

	private final CountDownLatch pooledClosed = new CountDownLatch(1);

	private Thread serving;

	@AfterEach
	void stop() throws Exception {
		if (this.server != null) {
			this.server.close();
			this.serving.join(5000);
		}
	}

	/**
	 * After a reload every idle connection of the pool is closed: each is tried, then a
	 * new one.
	 */
	@Test
	void postWhenEveryPooledConnectionWasClosedUnansweredThenSentAgainUntilANewOneAnswers() throws Exception {
		int pooled = 3;
		serve(pooled);
		RestClient client = new AuthServerHttp(RestClient.builder(), pool(pooled), properties(),
				new AuthServerAnswers("rs", Clock.systemUTC()))
			.restClient();
		List<Thread> first = new ArrayList<>();
		for (int i = 0; i < pooled; i++) {
			String form = "token=a" + i;
			first.add(Thread.ofPlatform().start(() -> introspect(client, form)));
		}
		for (Thread each : first) {
			each.join(5000);
		}
		this.answersRead.countDown();
		assertThat(this.pooledClosed.await(5, TimeUnit.SECONDS)).isTrue();

		assertThat(introspect(client, "token=b")).isEqualTo("answer " + (pooled + 1));
		assertThat(this.bodies).hasSize(pooled + 1).endsWith("token=b");
	}

	/** What it mends: on the pool alone the request fails. */
	@Test
	void postWhenThePooledConnectionWasClosedUnansweredWithoutRepeatingThenFails() throws Exception {
		serve(1);
		RestClient client = client(pool(1));

		assertThat(introspect(client, "token=a")).isEqualTo("answer 1");
		this.answersRead.countDown();
		assertThat(this.pooledClosed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> introspect(client, "token=b"))
			.withMessageContaining("failed to respond");
		assertThat(this.bodies).containsExactly("token=a");
	}

	private static ClientHttpRequestFactory pool(int connections) {
		return new OutboundHttp(HttpClientSettings.defaults()).requestFactory(Duration.ofSeconds(2),
				Duration.ofSeconds(2), connections);
	}

	private RestClient client(ClientHttpRequestFactory factory) {
		return RestClient.builder()
			.requestFactory(factory)
			.baseUrl("http://127.0.0.1:" + this.server.getLocalPort())
			.build();
	}

	private McpSecurityProperties properties() {
		return McpSecurityPropertiesTests
			.bind(Map.of("mcp.security.internal-url", "http://127.0.0.1:" + this.server.getLocalPort()));
	}

	private static String introspect(RestClient client, String form) {
		return client.post()
			.uri("/oauth2/introspect")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.body(form)
			.retrieve()
			.body(String.class);
	}

	/**
	 * The first {@code pooled} connections: one answer each once all of them have asked
	 * (so the pool holds that many), then all closed together, as a reloading nginx
	 * closes its idle ones; every later one: one answer, then closed.
	 */
	private void serve(int pooled) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.serving = Thread.ofPlatform().daemon().start(() -> {
			List<Socket> first = new ArrayList<>();
			int answered = 0;
			try {
				while (first.size() < pooled) {
					Socket socket = this.server.accept();
					first.add(socket);
					this.bodies.add(readRequest(socket));
				}
				for (Socket socket : first) {
					write(socket, ++answered);
				}
				// each answer read and its connection back in the pool, idle
				this.answersRead.await(5, TimeUnit.SECONDS);
				for (Socket socket : first) {
					socket.close();
				}
				this.pooledClosed.countDown();
				while (!this.server.isClosed()) {
					try (Socket socket = this.server.accept()) {
						this.bodies.add(readRequest(socket));
						write(socket, ++answered);
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed at the end of the test
			}
		});
	}

	private static String readRequest(Socket socket) throws IOException {
		BufferedReader in = new BufferedReader(
				new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
		int length = 0;
		for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		char[] body = new char[length];
		int read = 0;
		while (read < length) {
			read += in.read(body, read, length - read);
		}
		return new String(body);
	}

	private static void write(Socket socket, int number) throws IOException {
		String answer = "answer " + number;
		OutputStream out = socket.getOutputStream();
		out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + answer.length() + "\r\n\r\n"
				+ answer)
			.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

}
