package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A small cookie-aware browser: follows redirects one hop at a time (so a test can stop at an MCP client's
 * redirect URI instead of following it), keeps cookies per host like a real browser, and submits HTML forms.
 */
public final class Browser {

	private static final int MAX_REDIRECTS = 20;

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<URI> visited = new ArrayList<>();

	/** Every URL this browser requested, in order: named in failure messages. */
	public List<URI> visited() {
		return List.copyOf(this.visited);
	}

	/** GETs {@code uri} and follows redirects until a page is shown or a Location matches {@code stop}. */
	public Step open(URI uri, Predicate<URI> stop) {
		return follow(send(HttpRequest.newBuilder(uri).GET()), stop);
	}

	/** Submits {@code form} and follows redirects the same way. */
	public Step submit(HtmlForm form, Predicate<URI> stop) {
		HttpRequest.Builder request = HttpRequest.newBuilder(form.action())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.encodedBody()));
		return follow(send(request), stop);
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
				return new Step(response.uri(), status, response.body(), next);
			}
			response = send(HttpRequest.newBuilder(next).GET());
		}
		throw new IllegalStateException("more than " + MAX_REDIRECTS + " redirects; visited " + this.visited);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.timeout(Duration.ofSeconds(30)).header("Accept", "text/html,*/*").build();
		this.visited.add(built.uri());
		try {
			return this.http.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("browser request to " + built.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Where the browser ended: a page ({@code redirect == null}) or a redirect it was told to stop at.
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
