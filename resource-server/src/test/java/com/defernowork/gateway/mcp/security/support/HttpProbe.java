package com.defernowork.gateway.mcp.security.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.hc.client5.http.impl.classic.HttpClients;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Plain HTTP against the server under test, returning every answer (no exceptions on 4xx)
 * and free to set {@code Host} (the JDK client refuses to).
 */
public final class HttpProbe {

	private final RestClient rest;

	public HttpProbe(String baseUrl) {
		this.rest = RestClient.builder()
			.baseUrl(baseUrl)
			// no automatic retries: a 503 with Retry-After must reach the test as it is
			.requestFactory(new HttpComponentsClientHttpRequestFactory(
					HttpClients.custom().disableAutomaticRetries().disableRedirectHandling().build()))
			.build();
	}

	public Answer send(HttpMethod method, String uri, Map<String, String> headers, String body) {
		RestClient.RequestBodySpec request = this.rest.method(method).uri(uri).headers((h) -> headers.forEach(h::set));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange((req, res) -> new Answer(res.getStatusCode().value(), res.getHeaders(),
				new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	public Answer postMcp(String token, String body) {
		return send(HttpMethod.POST, "/mcp", (token != null) ? Map.of("Authorization", "Bearer " + token) : Map.of(),
				body);
	}

	public Answer get(String uri, Map<String, String> headers) {
		return send(HttpMethod.GET, uri, headers, null);
	}

	public record Answer(int status, HttpHeaders headers, String body) {

		public String header(String name) {
			return this.headers.getFirst(name);
		}

		/** The {@code error_description} of a JSON error body. */
		public String errorDescription() {
			return String.valueOf(tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.readValue(this.body, java.util.Map.class)
				.get("error_description"));
		}

	}

}
