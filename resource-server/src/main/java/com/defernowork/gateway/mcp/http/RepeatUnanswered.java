package com.defernowork.gateway.mcp.http;

import java.io.IOException;

import org.apache.hc.core5.http.NoHttpResponseException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends a request once more when the server closed the connection without a word of
 * answer: a pooled keep-alive connection the other end (an nginx reloading, a server
 * shutting down) closed just as it was reused, before the one-second stale check would
 * have caught it. Only for targets every request to which may be repeated; HttpClient's
 * own retry takes no POST, and these are.
 */
public final class RepeatUnanswered implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		try {
			return execution.execute(request, body);
		}
		catch (NoHttpResponseException ex) {
			return execution.execute(request, body);
		}
	}

}
