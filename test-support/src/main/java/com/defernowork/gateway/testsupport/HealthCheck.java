package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for an application to answer: its {@code /actuator/health}, or the path
 * {@link AppProcess} takes as ready.
 */
public final class HealthCheck {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Duration POLL = Duration.ofMillis(100);

	private HealthCheck() {
	}

	/**
	 * Returns once {@code baseUrl/actuator/health} answers 200, e.g. once an application
	 * has reconnected to Redis after a failover (meanwhile it answers 503).
	 * @throws IllegalStateException when it does not within {@code timeout}
	 */
	public static void awaitUp(String baseUrl, Duration timeout) {
		URI uri = URI.create(baseUrl + "/actuator/health");
		int last;
		try {
			last = pollUntilOk(uri, timeout, () -> {
			});
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for " + uri, ex);
		}
		if (last != 200) {
			throw new IllegalStateException(uri + " was not up within " + timeout + " (last status " + last + ")");
		}
	}

	/**
	 * Asks {@code GET uri} until it answers 200 or {@code timeout} has passed, running
	 * {@code beforeEachTry} first every time (it may throw to give up).
	 * @return 200, or the last status seen ({@code 0}: nothing listened)
	 */
	static int pollUntilOk(URI uri, Duration timeout, Runnable beforeEachTry) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		int last = 0;
		while (Instant.now().isBefore(deadline)) {
			beforeEachTry.run();
			try {
				last = http
					.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode();
				if (last == 200) {
					return last;
				}
			}
			catch (IOException ex) {
				// not listening (again) yet
				last = 0;
			}
			Thread.sleep(POLL);
		}
		return last;
	}

}
