package com.defernowork.gateway.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answers for a method an endpoint does not take, for endpoints served by Spring
 * Security's filters (which pass every other method on to a controller that knows nothing
 * of them): 405 with {@code Allow} (RFC 9110 §15.5.6) and an OAuth-shaped error, and
 * {@code OPTIONS} listing the endpoint's own methods, not every method there is.
 */
public final class EndpointMethods {

	private EndpointMethods() {
	}

	public static ResponseEntity<Map<String, String>> notAllowed(HttpMethod method, List<HttpMethod> served) {
		String takes = served.stream().map(HttpMethod::name).collect(Collectors.joining(" or "));
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(allowed(served))
			.cacheControl(CacheControl.noStore())
			// JSON whatever the client accepts: the error is for it, not for a page
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", "invalid_request", "error_description",
					method.name() + " is not allowed here; this endpoint takes " + takes));
	}

	public static ResponseEntity<Void> options(List<HttpMethod> served) {
		return ResponseEntity.noContent().allow(allowed(served)).build();
	}

	private static HttpMethod[] allowed(List<HttpMethod> served) {
		return Stream.concat(served.stream(), Stream.of(HttpMethod.OPTIONS)).toArray(HttpMethod[]::new);
	}

}
