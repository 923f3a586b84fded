package com.defernowork.gateway.auth.authorize;

import java.net.http.HttpResponse;
import java.util.Map;

import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code MCP_RESOURCES} missing the MCP URL that clients reach refuses every client
 * with {@code invalid_target}; the operator reads why in the log, once per interval
 * however many ask. A server of its own: the warning's interval is per server.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnservedResourceWarningIT {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String LINE = "Refused an authorization request (invalid_target) for the resource "
			+ "'http://localhost:8080/mcp', which MCP_RESOURCES (auth.resources) does not name (it names "
			+ "https://gateway.example/mcp); when that is this gateway's MCP URL as clients reach it, add it there";

	@Test
	void authorizeWhenResourceIsNotConfiguredThenOneWarningNamesItAndTheConfiguredOnes(CapturedOutput output) {
		try (RunningAuthServer server = RunningAuthServer.start(RunningAuthServer.freePort(),
				Map.of("auth.storage", "memory", "auth.resources", "https://gateway.example/mcp"))) {
			String clientId = (String) new RegistrationClient(server.baseUrl()).registerPublic(REDIRECT)
				.get("client_id");
			AuthorizationCodeFlow flow = new AuthorizationCodeFlow(server.baseUrl());
			for (String state : new String[] { "s1", "s2" }) {
				Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), state);
				request.put("resource", "http://localhost:8080/mcp");
				HttpResponse<String> refused = flow.authorize(request);
				assertThat(AuthorizationCodeFlow.query(refused)).as(Browser.location(refused))
					.containsEntry("error", "invalid_target");
			}
			assertThat(output.getOut().lines().filter((line) -> line.contains(LINE))).hasSize(1);
		}
	}

}
