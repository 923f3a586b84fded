package com.defernowork.gateway.web.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Every value of a list-valued header, on one line comma-joined or on several (the same
 * to HTTP, RFC 9110 §5.3), stripped; empty elements kept, for the caller to judge.
 */
public final class HeaderValues {

	private HeaderValues() {
	}

	public static Stream<String> of(HttpServletRequest request, String name) {
		return Collections.list(request.getHeaders(name))
			.stream()
			.flatMap((line) -> Arrays.stream(line.split(",", -1)))
			.map(String::strip);
	}

}
