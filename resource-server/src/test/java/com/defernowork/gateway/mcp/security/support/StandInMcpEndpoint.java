package com.defernowork.gateway.mcp.security.support;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.mcp.deferno.client.DefernoTokenSource;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.deferno.client.DefernoUnauthorizedListener;
import com.defernowork.gateway.mcp.http.PendingRefusal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Stands in for the MCP server at {@code /mcp}: echoes who called, and with
 * {@code X-Call-Deferno} calls the Deferno stub's {@code /api/auth/me} with the token
 * from {@link DefernoTokenSource}, telling the {@link DefernoUnauthorizedListener} about
 * a 401 the way the real Deferno client does. Gives a refusal held for the endpoint (a
 * missing scope) as the real endpoint does.
 */
@TestComponent
@RestController
public class StandInMcpEndpoint {

	private final DefernoTokenSource tokenSource;

	private final ObjectProvider<DefernoUnauthorizedListener> unauthorizedListener;

	private final RestClient deferno;

	public StandInMcpEndpoint(DefernoTokenSource tokenSource,
			ObjectProvider<DefernoUnauthorizedListener> unauthorizedListener, Environment environment) {
		this.tokenSource = tokenSource;
		this.unauthorizedListener = unauthorizedListener;
		this.deferno = RestClient.create(environment.getRequiredProperty("deferno.base-url"));
	}

	@PostMapping(path = "/mcp", produces = "application/json")
	Map<String, Object> mcp(@RequestBody(required = false) String body, Authentication authentication,
			@RequestHeader(name = "X-Call-Deferno", required = false) String callDeferno, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		// as the real endpoint does once it finds the request well formed
		if (PendingRefusal.give(request, response)) {
			return null;
		}
		if (callDeferno == null) {
			return Map.of("user", authentication.getName(), "body", (body != null) ? body : "");
		}
		String token;
		try {
			token = this.tokenSource.currentToken();
		}
		catch (DefernoTokenUnavailableException ex) {
			return Map.of("isError", true, "message", ex.getMessage());
		}
		return this.deferno.get()
			.uri("/auth/me")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange((call, answer) -> {
				HttpStatusCode status = answer.getStatusCode();
				if (status.value() == 401) {
					this.unauthorizedListener.ifAvailable(DefernoUnauthorizedListener::onUnauthorized);
					return Map.of("isError", true, "message", "Deferno refused the token");
				}
				return Map.of("deferno", new String(answer.getBody().readAllBytes()));
			});
	}

}
