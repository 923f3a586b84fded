package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Waits on an application's {@code /actuator/health}. */
public final class HealthCheck {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private HealthCheck() {
	}

	/**
	 * Returns once {@code baseUrl/actuator/health} answers 200, e.g. once an application
	 * has reconnected to Redis after a failover (meanwhile it answers 503).
	 * @throws IllegalStateException when it does not within {@code timeout}
	 */
	public static void awaitUp(String baseUrl, Duration timeout) {
		URI uri = URI.create(baseUrl + "/actuator/health");
		Instant deadline = Instant.now().plus(timeout);
		int last = 0;
		try {
			while (Instant.now().isBefore(deadline)) {
				try {
					last = http
						.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
								HttpResponse.BodyHandlers.discarding())
						.statusCode();
					if (last == 200) {
						return;
					}
				}
				catch (IOException ex) {
					// not listening (again) yet
					last = 0;
				}
				Thread.sleep(100);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for " + uri, ex);
		}
		throw new IllegalStateException(uri + " was not up within " + timeout + " (last status " + last + ")");
	}

}
