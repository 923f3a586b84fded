package com.defernowork.gateway.mcp.health;

import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Answer;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the authorization server to introspect a value that is no token, as this server's
 * client: the cheapest call that needs the client credentials ({@code {"active":false}}
 * when they are right, 401 {@code invalid_client} when not). The client's interceptor
 * notes 2xx, 401, 5xx, connection failures and another service's 404 in
 * {@link AuthServerAnswers}; this notes what only the probe's question means.
 */
final class CredentialsProbe implements Runnable {

	/** Never issued: tokens are random and far longer. */
	static final String NOT_A_TOKEN = "deferno-gateway-health-check";

	private static final String PATH = "/oauth2/introspect";

	private final RestClient authServer;

	private final AuthServerAnswers answers;

	CredentialsProbe(RestClient authServer, AuthServerAnswers answers) {
		this.authServer = authServer;
		this.answers = answers;
	}

	@Override
	public void run() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", NOT_A_TOKEN);
		try {
			HttpStatusCode status = this.authServer.post()
				.uri(PATH)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.exchange((request, response) -> response.getStatusCode());
			if (status.value() == 403) {
				// authenticated, but not as the client the authorization server lets
				// introspect
				this.answers.record(Answer.REFUSED, "403 unauthorized_client from " + PATH);
			}
		}
		catch (RestClientException ex) {
			this.answers.record(Answer.UNAVAILABLE, "no answer from " + PATH + ": " + ex.getMessage());
		}
	}

}
