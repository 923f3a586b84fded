package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A browser for integration tests: keeps cookies, follows no redirects (tests step through them). */
final class TestBrowser {

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	HttpResponse<String> postForm(String url, Map<String, String> form) {
		StringBuilder body = new StringBuilder();
		form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
			.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Opens {@code /login}, which starts the upstream sign-in at {@code /oauth2/authorization/<connector>}; returns
	 * that answer (the redirect to the upstream's authorize URL, or a problem page).
	 */
	HttpResponse<String> startSignIn(String baseUrl) {
		HttpResponse<String> login = get(baseUrl + "/login");
		org.assertj.core.api.Assertions.assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		String start = URI.create(baseUrl).resolve(location(login)).toString();
		org.assertj.core.api.Assertions.assertThat(start).startsWith(baseUrl + "/oauth2/authorization/");
		return get(start);
	}

	static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
				"no Location header; status " + response.statusCode() + ", body " + response.body()));
	}

	static Map<String, String> query(String url) {
		Map<String, String> params = new LinkedHashMap<>();
		String query = URI.create(url).getRawQuery();
		if (query == null) {
			return params;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			params.put(name, value);
		}
		return params;
	}

}
