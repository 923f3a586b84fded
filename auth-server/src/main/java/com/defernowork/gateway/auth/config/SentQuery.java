package com.defernowork.gateway.auth.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The query a request was sent with, and a form POST with its form body's parameters
 * only. The container merges a POST's query into its parameters, and the framework's
 * endpoints then take a parameter for the body's only when its name appears nowhere in
 * the query string: a substring test, so that {@code ?utm=state-scope} silently dropped
 * the body's {@code state} and {@code scope} (a refresh asking for less got every scope,
 * a code came back without its state). Behind {@link #formBodyOnly} the endpoints read
 * the body as sent and no query at all; what they must refuse in it, they find by
 * {@link #names}. The same test skipped a GET's parameter whose name was sent
 * percent-encoded; {@link #withNamesDecoded} writes it as the container reads it.
 */
public final class SentQuery {

	private static final String ATTRIBUTE = SentQuery.class.getName();

	private SentQuery() {
	}

	/**
	 * The request as a form POST's endpoints read it: the body's parameters, no query.
	 * The servlet specification puts a parameter's query values before its body's.
	 */
	public static HttpServletRequest formBodyOnly(HttpServletRequest request) {
		String query = request.getQueryString();
		Map<String, Integer> inQuery = new LinkedHashMap<>();
		for (String name : namesIn(query)) {
			inQuery.merge(name, 1, Integer::sum);
		}
		Map<String, String[]> body = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			int fromQuery = inQuery.getOrDefault(name, 0);
			if (fromQuery < values.length) {
				body.put(name, Arrays.copyOfRange(values, fromQuery, values.length));
			}
		});
		request.setAttribute(ATTRIBUTE, query);
		return new FormBodyRequest(request, Collections.unmodifiableMap(body));
	}

	/**
	 * The request with its query's percent-encoded names written decoded, as the
	 * container reads them ({@code %73tate} is {@code state}, RFC 3986 §6.2.2.2), so that
	 * the framework's test for a name in the query string finds it; the request itself
	 * when no name is encoded.
	 */
	public static HttpServletRequest withNamesDecoded(HttpServletRequest request) {
		String query = request.getQueryString();
		StringJoiner decoded = new StringJoiner("&");
		for (String pair : query.split("&", -1)) {
			String name = nameIn(pair);
			boolean encoded = name.indexOf('%') >= 0 || name.indexOf('+') >= 0;
			decoded.add(encoded
					? URLEncoder.encode(decoded(name), StandardCharsets.UTF_8) + pair.substring(name.length()) : pair);
		}
		String readable = decoded.toString();
		if (readable.equals(query)) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {

			@Override
			public String getQueryString() {
				return readable;
			}

		};
	}

	/** Whether a Content-Type names a form body, the one body the container reads. */
	public static boolean isForm(String contentType) {
		try {
			return contentType != null && MediaType.APPLICATION_FORM_URLENCODED
				.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * The names in the query the request was sent with, decoded, each once; for a form
	 * POST read {@link #formBodyOnly body only}, its hidden query's.
	 */
	public static Set<String> names(HttpServletRequest request) {
		Object sent = request.getAttribute(ATTRIBUTE);
		return Set.copyOf(namesIn((sent instanceof String query) ? query : request.getQueryString()));
	}

	/**
	 * The request as it was sent, its query's parameters among its body's: where an error
	 * is answered, the client and state it named wherever it put them.
	 */
	public static HttpServletRequest asSent(HttpServletRequest request) {
		ServletRequest wrapped = request;
		while (wrapped instanceof ServletRequestWrapper wrapper) {
			if (wrapper instanceof FormBodyRequest formBody) {
				return (HttpServletRequest) formBody.getRequest();
			}
			wrapped = wrapper.getRequest();
		}
		return request;
	}

	private static List<String> namesIn(String query) {
		List<String> names = new ArrayList<>();
		if (query == null || query.isEmpty()) {
			return names;
		}
		for (String pair : query.split("&")) {
			String name = nameIn(pair);
			if (!name.isEmpty()) {
				names.add(decoded(name));
			}
		}
		return names;
	}

	/** A query pair's name, as sent: up to its first '='. */
	private static String nameIn(String pair) {
		int equals = pair.indexOf('=');
		return (equals >= 0) ? pair.substring(0, equals) : pair;
	}

	/**
	 * As the container decodes a name; one it could not decode it has refused already.
	 */
	private static String decoded(String name) {
		try {
			return URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

	private static final class FormBodyRequest extends HttpServletRequestWrapper {

		private final Map<String, String[]> body;

		FormBodyRequest(HttpServletRequest request, Map<String, String[]> body) {
			super(request);
			this.body = body;
		}

		@Override
		public String getQueryString() {
			return null;
		}

		@Override
		public String getParameter(String name) {
			String[] values = this.body.get(name);
			return (values != null) ? values[0] : null;
		}

		@Override
		public String[] getParameterValues(String name) {
			String[] values = this.body.get(name);
			return (values != null) ? values.clone() : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.body;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.body.keySet());
		}

	}

}
