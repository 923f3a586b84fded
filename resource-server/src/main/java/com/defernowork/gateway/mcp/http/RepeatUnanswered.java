package com.defernowork.gateway.mcp.http;

import java.io.IOException;

import org.apache.hc.core5.http.NoHttpResponseException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends a request again when the server closed the connection without a word of answer:
 * pooled keep-alive connections the other end (an nginx reloading, a server shutting
 * down) closed all at once, each found dead only as it is reused, within the one-second
 * stale check. Each failed one leaves the pool, so the request goes out on the next idle
 * one, and then on a new one. Only for targets every request to which may be repeated;
 * HttpClient's own retry takes no POST, and these are.
 */
public final class RepeatUnanswered implements ClientHttpRequestInterceptor {

	/**
	 * The most times a request is sent again: as many idle connections as a reload could
	 * have closed at once at a server's rate of calls, and a bound on what a server that
	 * takes connections and answers none is sent.
	 */
	static final int MAX_REPEATS = 8;

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		for (int repeats = 0;; repeats++) {
			try {
				return execution.execute(request, body);
			}
			catch (NoHttpResponseException ex) {
				if (repeats == MAX_REPEATS) {
					throw ex;
				}
			}
		}
	}

}
