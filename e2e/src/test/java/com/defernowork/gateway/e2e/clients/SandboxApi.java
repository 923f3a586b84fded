package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.defernowork.gateway.e2e.support.GatewayStack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's own API, asked directly (not through the gateway) with a token of the
 * person's: what is really stored there after an MCP client wrote through the gateway.
 */
final class SandboxApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String apiBase;

	private final String internalSecret;

	static SandboxApi of(GatewayStack stack) {
		return new SandboxApi(stack.sandboxApiUrl(), stack.internalSecret());
	}

	SandboxApi(String apiBase, String internalSecret) {
		this.apiBase = apiBase;
		this.internalSecret = internalSecret;
	}

	/** Titles of every item {@code username} sees, done ones included. */
	List<String> itemTitles(String username) {
		return fieldOfEach("/items?window=all", "title", username);
	}

	/**
	 * The names of the tokens Deferno lists for {@code username}
	 * ({@code GET /auth/tokens}).
	 */
	List<String> tokenNames(String username) {
		return fieldOfEach("/auth/tokens", "name", username);
	}

	/**
	 * {@code field} of each element of the list {@code path} answers {@code username}.
	 */
	private List<String> fieldOfEach(String path, String field, String username) {
		JsonNode list = data(send(HttpRequest.newBuilder(URI.create(this.apiBase + path))
			.header("Authorization", "Bearer " + token(username))
			.GET()));
		List<String> values = new ArrayList<>();
		list.forEach((element) -> values.add(element.path(field).asString()));
		return values;
	}

	/**
	 * A fresh sandbox token of {@code username}'s, minted the way the oidc connector
	 * does.
	 */
	private String token(String username) {
		String body = JSON.createObjectNode()
			.put("oidc_subject", username)
			.put("oidc_username", username)
			.put("mcp_client_name", "e2e check")
			.toString();
		JsonNode session = data(send(HttpRequest.newBuilder(URI.create(this.apiBase + "/internal/mcp-session"))
			.header("X-Internal-Secret", this.internalSecret)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))));
		return session.path("token").asString();
	}

	private JsonNode send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("sandbox " + response.request().uri() + " answered "
						+ response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The answer with or without the envelope (wiring.md: callers accept both). */
	private static JsonNode data(JsonNode answer) {
		return answer.has("data") ? answer.get("data") : answer;
	}

}
