package com.defernowork.gateway.mcp.security;

import java.io.IOException;

import com.defernowork.gateway.mcp.security.AuthServerAnswers.Answer;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Tells {@link AuthServerAnswers} what each call to the authorization server as this
 * server's client came to: real traffic shows refused credentials, or another service
 * answering in its place, at once, and while it flows the health check need not ask.
 * Other 4xx answers (an exchange's {@code invalid_request}) are about the request, not
 * the credentials, and are not noted.
 */
final class AnswerRecordingInterceptor implements ClientHttpRequestInterceptor {

	/** The endpoint's path, after AUTH_INTERNAL_URL's own. */
	private static final String INTROSPECTION = "/oauth2/introspect";

	private final AuthServerAnswers answers;

	AnswerRecordingInterceptor(AuthServerAnswers answers) {
		this.answers = answers;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ClientHttpResponse response;
		try {
			response = execution.execute(request, body);
		}
		catch (IOException ex) {
			this.answers.record(Answer.UNAVAILABLE,
					"no answer from " + request.getURI().getPath() + ": " + ex.getMessage());
			throw ex;
		}
		HttpStatusCode status = response.getStatusCode();
		String seen = status.value() + " from " + request.getURI().getPath();
		if (status.is2xxSuccessful()) {
			this.answers.record(Answer.ACCEPTED, seen);
		}
		else if (status.value() == 401) {
			this.answers.record(Answer.REFUSED, seen);
		}
		else if (status.is5xxServerError() || status.value() == 429) {
			this.answers.record(Answer.UNAVAILABLE, seen);
		}
		else if (request.getURI().getPath().endsWith(INTROSPECTION)
				&& AuthServerAnswers.misdirectsIntrospection(status.value())) {
			this.answers.record(Answer.MISDIRECTED, seen);
		}
		return response;
	}

}
