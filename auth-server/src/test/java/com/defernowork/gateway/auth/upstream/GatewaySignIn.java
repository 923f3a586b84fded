package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.http.HttpResponse;

import com.defernowork.gateway.testsupport.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's side of starting a sign-in, as a browser goes through it. */
final class GatewaySignIn {

	private GatewaySignIn() {
	}

	/**
	 * Opens {@code /login}, which starts the upstream sign-in at
	 * {@code /oauth2/authorization/<connector>}; returns that answer (the redirect to the
	 * upstream's authorize URL, or a problem page).
	 */
	static HttpResponse<String> start(Browser browser, String baseUrl) {
		HttpResponse<String> login = browser.get(baseUrl + "/login");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
		String start = URI.create(baseUrl).resolve(Browser.location(login)).toString();
		assertThat(start).startsWith(baseUrl + "/oauth2/authorization/");
		return browser.get(start);
	}

}
