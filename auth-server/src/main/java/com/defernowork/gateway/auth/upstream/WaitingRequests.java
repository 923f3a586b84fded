package com.defernowork.gateway.auth.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.SentQuery;
import com.defernowork.gateway.auth.storage.KeyValueStore;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.stereotype.Component;

/**
 * Authorization requests waiting for a sign-in, each under a key of its own that the
 * sign-in's address carries ({@code /oauth2/authorization/deferno?request=…}): the
 * sign-in notes the request of its key, where Spring's one slot in the session holds
 * whichever tab saved last. In the shared store, so that a tab whose session cookie a
 * simultaneous tab replaced still finds its own.
 */
@Component
final class WaitingRequests {

	static final String PARAMETER = "request";

	/**
	 * Long enough for the redirect, followed at once, and for a start tried again after a
	 * failure (the 503 page reloads by itself after 2 s): not deleted once read, since
	 * such a retry must find it too; short, for a flood of redirects no browser follows.
	 */
	static final Duration KEPT = Duration.ofMinutes(1);

	private static final String PREFIX = "signin:request:";

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	/** As Spring's request cache saves it, so the address returned to is the same. */
	private static final String MATCHING_PARAMETER = "continue";

	private final StringKeyGenerator keys = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 16);

	private final KeyValueStore store;

	WaitingRequests(KeyValueStore store) {
		this.store = store;
	}

	/** The authorization request saved under the key; null when unknown or gone. */
	String authorizeUrl(String key) {
		return KEY.matcher(key).matches() ? this.store.get(PREFIX + key) : null;
	}

	/** The sign-in's address for a request that waits for it, with its key. */
	String signInFor(HttpServletRequest request, String signIn) {
		String authorizeUrl = asGet(request);
		if (authorizeUrl == null) {
			return signIn;
		}
		String key = this.keys.generateKey();
		this.store.put(PREFIX + key, authorizeUrl, KEPT);
		return signIn + "?" + PARAMETER + "=" + key;
	}

	/**
	 * The request as the GET the browser is sent back to: an authorization request posted
	 * as a form (RFC 6749 §3.1 allows POST) resumes as the GET of the parameters its
	 * endpoint read, the only request a redirect can repeat.
	 */
	private static String asGet(HttpServletRequest request) {
		if ("GET".equals(request.getMethod())) {
			return new DefaultSavedRequest(request, MATCHING_PARAMETER).getRedirectUrl();
		}
		if (!"POST".equals(request.getMethod()) || !SentQuery.isForm(request.getContentType())) {
			return null;
		}
		StringJoiner query = new StringJoiner("&");
		request.getParameterMap()
			.forEach((name, values) -> Arrays.stream(values)
				.forEach((value) -> query.add(encoded(name) + "=" + encoded(value))));
		query.add(MATCHING_PARAMETER);
		return request.getRequestURL() + "?" + query;
	}

	private static String encoded(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	/**
	 * Sends a signed-out person from the authorization endpoint to the sign-in, naming
	 * the request that waits for it.
	 */
	static final class EntryPoint extends LoginUrlAuthenticationEntryPoint {

		private final WaitingRequests waiting;

		EntryPoint(String signIn, WaitingRequests waiting) {
			super(signIn);
			this.waiting = waiting;
		}

		@Override
		protected String determineUrlToUseForThisRequest(HttpServletRequest request, HttpServletResponse response,
				AuthenticationException exception) {
			return this.waiting.signInFor(request, super.determineUrlToUseForThisRequest(request, response, exception));
		}

	}

}
