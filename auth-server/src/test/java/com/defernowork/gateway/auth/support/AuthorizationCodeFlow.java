package com.defernowork.gateway.auth.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The authorization code flow with PKCE as an MCP client and its user's browser walk it: authorize, sign in
 * (the test login), consent, code, token. Each step is also available on its own for the error-path tests.
 */
public final class AuthorizationCodeFlow {

	private static final Pattern HIDDEN = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"");

	private final String baseUrl;

	private final Browser browser;

	private final Browser client = new Browser();

	public AuthorizationCodeFlow(String baseUrl) {
		this(baseUrl, new Browser());
	}

	public AuthorizationCodeFlow(String baseUrl, Browser browser) {
		this.baseUrl = baseUrl;
		this.browser = browser;
	}

	public Browser browser() {
		return this.browser;
	}

	/** The parameters of an authorization request; callers add or remove what a test needs. */
	public static Map<String, String> request(String clientId, String redirectUri, Pkce pkce, String state) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("code_challenge", pkce.challenge());
		parameters.put("code_challenge_method", "S256");
		parameters.put("state", state);
		return parameters;
	}

	public HttpResponse<String> authorize(Map<String, String> parameters) {
		return this.browser.get(this.baseUrl + "/oauth2/authorize?" + Browser.form(parameters), "Accept",
				Browser.HTML);
	}

	/** Follows a redirect to the upstream sign-in by signing in with the test login; returns its response. */
	public HttpResponse<String> signIn(String username) {
		return this.browser.get(this.baseUrl + TestLoginConfig.PATH + "?username=" + Browser.encode(username), "Accept",
				Browser.HTML);
	}

	/**
	 * Authorize as a signed-out user, sign in when sent to the upstream sign-in, follow the saved request: the answer
	 * is the authorization endpoint's response (a redirect to the consent page or back to the client).
	 */
	public HttpResponse<String> authorizeSignedIn(Map<String, String> parameters, String username) {
		HttpResponse<String> response = authorize(parameters);
		String location = Browser.location(response);
		if (response.statusCode() == 302 && location != null && isSignIn(URI.create(location).getPath())) {
			HttpResponse<String> login = signIn(username);
			return this.browser.get(absolute(Browser.location(login)), "Accept", Browser.HTML);
		}
		return response;
	}

	/** The upstream sign-in ({@code /oauth2/authorization/<connector>}) or the page that starts it. */
	private static boolean isSignIn(String path) {
		return path.equals("/login") || path.startsWith("/oauth2/authorization/");
	}

	public HttpResponse<String> consentPage(HttpResponse<String> redirectToConsent) {
		return this.browser.get(absolute(Browser.location(redirectToConsent)), "Accept", Browser.HTML);
	}

	public static Map<String, String> hiddenFields(String html, String formId) {
		int start = html.indexOf("id=\"" + formId + "\"");
		String form = html.substring(start, html.indexOf("</form>", start));
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher matcher = HIDDEN.matcher(form);
		while (matcher.find()) {
			if (!matcher.group(1).equals("scope")) {
				fields.put(matcher.group(1), matcher.group(2));
			}
		}
		return fields;
	}

	/** Submits the consent page's Approve form with the given scopes checked. */
	public HttpResponse<String> approve(String consentHtml, String... scopes) {
		StringBuilder body = new StringBuilder(Browser.form(hiddenFields(consentHtml, "approve")));
		for (String scope : scopes) {
			body.append("&scope=").append(Browser.encode(scope));
		}
		return this.browser.send(java.net.http.HttpRequest.newBuilder(URI.create(this.baseUrl + "/oauth2/authorize"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", Browser.HTML)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	public HttpResponse<String> deny(String consentHtml) {
		return this.browser.postForm(this.baseUrl + "/oauth2/authorize", hiddenFields(consentHtml, "deny"), "Accept",
				Browser.HTML);
	}

	/** The query parameters of a redirect back to the client. */
	public static Map<String, String> query(HttpResponse<?> redirect) {
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUriString(Browser.location(redirect)).build().getQueryParams()
			.forEach((name, values) -> parameters.put(name,
					java.net.URLDecoder.decode(values.get(0), java.nio.charset.StandardCharsets.UTF_8)));
		return parameters;
	}

	/** The whole flow up to the code: authorize, sign in, approve every requested scope. */
	public String code(Map<String, String> parameters, String username) {
		HttpResponse<String> response = authorizeSignedIn(parameters, username);
		if (Browser.location(response) != null && Browser.location(response).contains("/consent")) {
			HttpResponse<String> page = consentPage(response);
			response = approve(page.body(), requestedScopes(page.body()));
		}
		Map<String, String> query = query(response);
		if (!query.containsKey("code")) {
			throw new IllegalStateException("no code: " + response.statusCode() + " " + Browser.location(response));
		}
		return query.get("code");
	}

	public static String[] requestedScopes(String consentHtml) {
		Matcher matcher = Pattern.compile("name=\"scope\" value=\"([^\"]+)\"").matcher(consentHtml);
		java.util.List<String> scopes = new java.util.ArrayList<>();
		while (matcher.find()) {
			scopes.add(matcher.group(1));
		}
		return scopes.toArray(String[]::new);
	}

	public HttpResponse<String> token(Map<String, String> form) {
		return this.client.postForm(this.baseUrl + "/oauth2/token", form);
	}

	public HttpResponse<String> exchangeCode(String clientId, String code, Pkce pkce, String redirectUri,
			String resource) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("code_verifier", pkce.verifier());
		form.put("redirect_uri", redirectUri);
		form.put("client_id", clientId);
		if (resource != null) {
			form.put("resource", resource);
		}
		return token(form);
	}

	public HttpResponse<String> refresh(String clientId, String refreshToken, String resource) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		form.put("client_id", clientId);
		if (resource != null) {
			form.put("resource", resource);
		}
		return token(form);
	}

	public HttpResponse<String> introspect(String token, String basicClientId, String basicSecret) {
		String credentials = java.util.Base64.getEncoder()
			.encodeToString((basicClientId + ":" + basicSecret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return this.client.postForm(this.baseUrl + "/oauth2/introspect", Map.of("token", token), "Authorization",
				"Basic " + credentials);
	}

	public HttpResponse<String> revoke(String clientId, String token) {
		return this.client.postForm(this.baseUrl + "/oauth2/revoke", Map.of("token", token, "client_id", clientId));
	}

	private String absolute(String location) {
		return location.startsWith("http") ? location : this.baseUrl + location;
	}

}
