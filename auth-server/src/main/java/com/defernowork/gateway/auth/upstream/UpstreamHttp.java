package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Calls to Deferno and the identity provider with one error model: unreachable, slow or 5xx →
 * {@link UpstreamUnavailableException}; 4xx or an envelope {@code error} → {@link UpstreamRejectedException}.
 * Deferno's {@code {version, data, error}} envelope is unwrapped when present and accepted when absent.
 */
final class UpstreamHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RestClient rest;

	UpstreamHttp(RestClient rest) {
		this.rest = rest;
	}

	JsonNode call(String what, Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
		try {
			return request.apply(this.rest).exchange((req, response) -> read(what, response.getStatusCode(),
					response.getBody().readAllBytes()));
		}
		catch (ResourceAccessException ex) {
			boolean timeout = ex.getCause() instanceof HttpTimeoutException
					|| ex.getCause() instanceof java.net.SocketTimeoutException;
			throw new UpstreamUnavailableException(what + (timeout ? " did not answer in time" : " is unreachable"),
					timeout, ex);
		}
	}

	private static JsonNode read(String what, HttpStatusCode status, byte[] body) throws IOException {
		if (status.is5xxServerError()) {
			throw new UpstreamUnavailableException(what + " failed with HTTP " + status.value(), false, null);
		}
		JsonNode node;
		try {
			node = (body.length == 0) ? json.missingNode() : json.readTree(body);
		}
		catch (RuntimeException ex) {
			if (status.isError()) {
				throw new UpstreamRejectedException(status.value(), "http_" + status.value(),
						what + " refused the request (HTTP " + status.value() + ")");
			}
			throw new UpstreamUnavailableException(what + " sent a response that is not JSON", false, ex);
		}
		JsonNode payload = unwrap(what, status, node);
		if (status.isError()) {
			String code = node.path("error").isString() ? node.path("error").asString() : "http_" + status.value();
			String description = node.path("error_description").asString("HTTP " + status.value());
			throw new UpstreamRejectedException(status.value(), code, what + " refused the request: " + description);
		}
		return payload;
	}

	static JsonNode unwrap(String what, HttpStatusCode status, JsonNode node) {
		if (!(node.isObject() && node.has("version") && (node.has("data") || node.has("error")))) {
			return node;
		}
		JsonNode error = node.path("error");
		if (error.isObject()) {
			throw new UpstreamRejectedException(status.value(), error.path("code").asString("error"),
					what + " refused the request: " + error.path("message").asString("no message"));
		}
		return node.path("data");
	}

}
