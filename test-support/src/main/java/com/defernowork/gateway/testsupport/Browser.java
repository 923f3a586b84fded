package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Real HTTP with a cookie jar that follows no redirect by itself, so a test sees every
 * hop a browser or an MCP client makes: single requests ({@link #get}, {@link #postForm},
 * {@link #send}), or a person's way through pages ({@link #open}, {@link #submit}) that
 * follows redirects one at a time and stops where the test says (an MCP client's redirect
 * URI).
 */
public final class Browser {

	/**
	 * What a browser accepts for a page; Spring Security saves only requests that accept
	 * HTML.
	 */
	public static final String HTML = "text/html,application/xhtml+xml";

	private static final int MAX_REDIRECTS = 20;

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<URI> visited = Collections.synchronizedList(new ArrayList<>());

	public HttpResponse<String> get(String url, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
	}

	public HttpResponse<String> postForm(String url, Map<String, String> form, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(form))), headers);
	}

	public HttpResponse<String> postJson(String url, String json, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), headers);
	}

	/** Sends the request with the given header name/value pairs. */
	public HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
		if (headers.length > 0) {
			request.headers(headers);
		}
		HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
		this.visited.add(built.uri());
		try {
			return this.http.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("request to " + built.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * GETs a page and follows redirects until a page is shown or a Location matches
	 * {@code stop}.
	 */
	public Step open(URI uri, Predicate<URI> stop) {
		return follow(send(HttpRequest.newBuilder(uri).GET(), "Accept", HTML), stop);
	}

	/** Submits a form the way a browser does and follows redirects the same way. */
	public Step submit(HtmlForm form, Predicate<URI> stop) {
		HttpRequest.Builder request = HttpRequest.newBuilder(form.action())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.encodedBody()));
		return follow(send(request, "Accept", HTML), stop);
	}

	/** Every URL this browser requested, in order: for failure messages. */
	public List<URI> visited() {
		return List.copyOf(this.visited);
	}

	private Step follow(HttpResponse<String> response, Predicate<URI> stop) {
		for (int hops = 0; hops < MAX_REDIRECTS; hops++) {
			int status = response.statusCode();
			if (status < 300 || status >= 400) {
				return new Step(response.uri(), status, response.body(), null);
			}
			URI from = response.uri();
			String location = response.headers()
				.firstValue("Location")
				.orElseThrow(() -> new IllegalStateException(status + " without Location from " + from));
			URI next = from.resolve(location);
			if (stop.test(next)) {
				return new Step(from, status, response.body(), next);
			}
			response = send(HttpRequest.newBuilder(next).GET(), "Accept", HTML);
		}
		throw new IllegalStateException("more than " + MAX_REDIRECTS + " redirects; visited " + this.visited);
	}

	public static String form(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The Location header, or null. */
	public static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElse(null);
	}

	/** The decoded query parameters of a URL (the first value of each). */
	public static Map<String, String> query(String url) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String query = URI.create(url).getRawQuery();
		if (query == null) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			parameters.putIfAbsent(name, value);
		}
		return parameters;
	}

	/**
	 * Where the browser ended: a page ({@code redirect == null}) or a redirect it was
	 * told to stop at.
	 */
	public record Step(URI uri, int status, String body, URI redirect) {

		public Document document() {
			return Jsoup.parse(this.body, this.uri.toString());
		}

		public boolean isPage() {
			return this.redirect == null;
		}

		@Override
		public String toString() {
			if (!isPage()) {
				return this.status + " " + this.uri + " -> " + this.redirect;
			}
			String text = document().text();
			return this.status + " " + this.uri + ": " + text.substring(0, Math.min(600, text.length()));
		}

	}

}
