package com.defernowork.gateway.mcp.health;

import java.net.URI;

import com.defernowork.gateway.mcp.deferno.client.DefernoAnswers;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;

import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Asks Deferno's {@code GET /health}, without credentials, and notes in
 * {@link DefernoAnswers} whether it answered, as the tools' calls do.
 */
final class DefernoProbe implements Runnable {

	static final String PATH = "/health";

	private final RestClient deferno;

	private final URI healthUrl;

	private final DefernoAnswers answers;

	DefernoProbe(RestClient deferno, String healthUrl, DefernoAnswers answers) {
		this.deferno = deferno;
		this.healthUrl = URI.create(healthUrl);
		this.answers = answers;
	}

	@Override
	public void run() {
		try {
			this.deferno.get().uri(this.healthUrl).exchange((request, response) -> {
				this.answers.answered(HttpMethod.GET, PATH, response.getStatusCode().value(),
						response.getHeaders().getFirst(DefernoClient.REQUEST_ID));
				return null;
			});
		}
		catch (ResourceAccessException ex) {
			this.answers.unanswered(HttpMethod.GET, PATH, "no answer: " + ex.getMostSpecificCause().getMessage());
		}
	}

}
