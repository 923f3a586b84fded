package com.defernowork.gateway.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for tests against the running sandbox. */
public final class SandboxHttp {

	public static final String ALICE = "deferno_sandbox_alice";

	public static final String BOB = "deferno_sandbox_bob";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public SandboxHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public Response get(String path, String token) {
		return send("GET", path, token, null, "application/json");
	}

	public Response post(String path, String token, Object body) {
		return send("POST", path, token, (body instanceof String s) ? s : write(body), "application/json");
	}

	public Response patch(String path, String token, Object body) {
		return send("PATCH", path, token, (body instanceof String s) ? s : write(body), "application/json");
	}

	public Response put(String path, String token, Object body) {
		return send("PUT", path, token, (body instanceof String s) ? s : write(body), "application/json");
	}

	public Response delete(String path, String token) {
		return send("DELETE", path, token, null, "application/json");
	}

	public Response form(String path, Map<String, String> fields) {
		StringBuilder form = new StringBuilder();
		fields.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
			.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
			.append('=')
			.append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
		return send("POST", path, null, form.toString(), "application/x-www-form-urlencoded");
	}

	public Response sendWithHeader(String path, String header, String value, String body) {
		return send("POST", path, null, body, "application/json", header, value);
	}

	public Response send(String method, String path, String token, String body, String contentType) {
		return send(method, path, token, body, contentType, null, null);
	}

	private Response send(String method, String path, String token, String body, String contentType, String header,
			String value) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(10))
			.header("content-type", contentType)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("authorization", "Bearer " + token);
		}
		if (header != null) {
			request.header(header, value);
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("location").orElse(null),
					response.headers().firstValue("content-type").orElse(""), response.headers());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String write(Object value) {
		return json.writeValueAsString(value);
	}

	public record Response(int status, String body, String location, String contentType,
			java.net.http.HttpHeaders headers) {

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public JsonNode json() {
			return SandboxHttp.json.readTree(this.body);
		}

		/** The envelope's {@code data}. */
		public JsonNode data() {
			return json().get("data");
		}

		public String errorCode() {
			return json().path("error").path("code").asString();
		}

		public String errorMessage() {
			return json().path("error").path("message").asString();
		}

	}

}
