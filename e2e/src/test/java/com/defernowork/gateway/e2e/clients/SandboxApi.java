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
		JsonNode items = data(send(HttpRequest.newBuilder(URI.create(this.apiBase + "/items?window=all"))
			.header("Authorization", "Bearer " + token(username))
			.GET()));
		List<String> titles = new ArrayList<>();
		items.forEach((item) -> titles.add(item.path("title").asString()));
		return titles;
	}

	/**
	 * The names of the tokens Deferno lists for {@code username}
	 * ({@code GET /auth/tokens}).
	 */
	List<String> tokenNames(String username) {
		JsonNode tokens = data(send(HttpRequest.newBuilder(URI.create(this.apiBase + "/auth/tokens"))
			.header("Authorization", "Bearer " + token(username))
			.GET()));
		List<String> names = new ArrayList<>();
		tokens.forEach((token) -> names.add(token.path("name").asString()));
		return names;
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
