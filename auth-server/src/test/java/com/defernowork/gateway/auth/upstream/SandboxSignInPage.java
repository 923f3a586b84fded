package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person does on the deferno-sandbox sign-in page: fill in the form and press a
 * button.
 */
final class SandboxSignInPage {

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private SandboxSignInPage() {
	}

	/**
	 * Opens the authorize URL in the browser and signs in; returns Deferno's redirect to
	 * our callback.
	 */
	static HttpResponse<String> signIn(Browser browser, String authorizeUrl, String username, String password) {
		return submit(browser, authorizeUrl, Map.of("username", username, "password", password, "action", "sign_in"));
	}

	static HttpResponse<String> cancel(Browser browser, String authorizeUrl) {
		return submit(browser, authorizeUrl, Map.of("action", "cancel"));
	}

	private static HttpResponse<String> submit(Browser browser, String authorizeUrl, Map<String, String> typed) {
		HttpResponse<String> page = browser.get(authorizeUrl);
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("Sign in");
		Map<String, String> form = new LinkedHashMap<>();
		Matcher hidden = HIDDEN.matcher(page.body());
		while (hidden.find()) {
			form.put(hidden.group(1), unescape(hidden.group(2)));
		}
		form.putAll(typed);
		URI action = URI.create(authorizeUrl).resolve("authorize");
		return browser.postForm(action.toString(), form);
	}

	private static String unescape(String html) {
		return html.replace("&quot;", "\"")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&#39;", "'")
			.replace("&amp;", "&");
	}

}
