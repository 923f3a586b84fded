package com.defernowork.gateway.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The authorization code flow with PKCE as an MCP client and its user's browser walk it,
 * against a real authorization server: authorize, sign in, consent, code, token; each
 * step on its own for the error-path tests. Sign-in is either the auth server tests' own
 * login ({@link #signIn}) or the upstream's sign-in page filled in like a person would
 * ({@link #codeThroughSignInPage}).
 */
public final class AuthorizationCodeFlow {

	/**
	 * Where the auth server's tests sign a person in without an upstream (test sources
	 * only).
	 */
	public static final String TEST_LOGIN_PATH = "/test-login";

	private static final Pattern SIGN_IN_BUTTON = Pattern.compile("(?i)^\\s*(sign|log)\\s*in");

	private static final Pattern APPROVE_BUTTON = Pattern
		.compile("(?i)^\\s*(allow|approve|authori[sz]e|accept|consent|continue|connect)");

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

	/**
	 * The parameters of an authorization request; callers add or remove what a test
	 * needs.
	 */
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

	/** The authorization request as a browser sends it, with any further headers. */
	public HttpResponse<String> authorize(Map<String, String> parameters, String... headers) {
		List<String> all = new ArrayList<>(List.of("Accept", Browser.HTML));
		all.addAll(List.of(headers));
		return this.browser.get(authorizeUrl(parameters), all.toArray(String[]::new));
	}

	/**
	 * Signs in with the auth server tests' login; returns its redirect back to the saved
	 * request.
	 */
	public HttpResponse<String> signIn(String username) {
		return this.browser.get(this.baseUrl + TEST_LOGIN_PATH + "?username=" + Browser.encode(username), "Accept",
				Browser.HTML);
	}

	/**
	 * Authorize as a signed-out user, sign in when sent to the upstream sign-in, follow
	 * the saved request: the answer is the authorization endpoint's response (a redirect
	 * to the consent page or back to the client).
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

	/**
	 * The upstream sign-in ({@code /oauth2/authorization/<connector>}) or the page that
	 * starts it.
	 */
	private static boolean isSignIn(String path) {
		return path.equals("/login") || path.startsWith("/oauth2/authorization/");
	}

	public HttpResponse<String> consentPage(HttpResponse<String> redirectToConsent) {
		return this.browser.get(absolute(Browser.location(redirectToConsent)), "Accept", Browser.HTML);
	}

	/** Submits the consent page's Approve form with the given scopes checked. */
	public HttpResponse<String> approve(String consentHtml, String... scopes) {
		HtmlForm form = HtmlForm.hiddenFieldsOf(page(consentHtml), "approve", "scope");
		for (String scope : scopes) {
			form.add("scope", scope);
		}
		return post(form);
	}

	public HttpResponse<String> deny(String consentHtml) {
		return post(HtmlForm.hiddenFieldsOf(page(consentHtml), "deny", "scope"));
	}

	/**
	 * The hidden fields of a consent page's form (client_id, state, CSRF token), to
	 * change and post by hand.
	 */
	public static Map<String, String> hiddenFields(String consentHtml, String formId) {
		Map<String, String> fields = new LinkedHashMap<>();
		HtmlForm.hiddenFieldsOf(Jsoup.parse(consentHtml), formId, "scope")
			.fields()
			.forEach((field) -> fields.put(field.getKey(), field.getValue()));
		return fields;
	}

	/** The scopes the consent page asks for. */
	public static String[] requestedScopes(String consentHtml) {
		return HtmlForm.values(Jsoup.parse(consentHtml), "scope").toArray(String[]::new);
	}

	/** The query parameters of a redirect back to the client. */
	public static Map<String, String> query(HttpResponse<?> redirect) {
		return Browser.query(Browser.location(redirect));
	}

	/**
	 * The whole flow up to the code with the tests' login: authorize, sign in, approve
	 * every requested scope.
	 */
	public String code(Map<String, String> parameters, String username) {
		Map<String, String> callback = callback(parameters, username);
		if (!callback.containsKey("code")) {
			throw new IllegalStateException("no code: " + callback);
		}
		return callback.get("code");
	}

	/** The same flow up to the redirect back to the client: its query parameters. */
	public Map<String, String> callback(Map<String, String> parameters, String username) {
		HttpResponse<String> response = authorizeSignedIn(parameters, username);
		if (Browser.location(response) != null && Browser.location(response).contains("/consent")) {
			HttpResponse<String> page = consentPage(response);
			response = approve(page.body(), requestedScopes(page.body()));
		}
		return query(response);
	}

	/**
	 * The whole flow as a person does it at a real upstream: follows redirects, fills the
	 * sign-in page's username and password, approves the consent page with everything
	 * ticked, until the authorization server sends the browser to {@code redirectUri};
	 * returns that redirect.
	 */
	public URI codeThroughSignInPage(Map<String, String> parameters, String username, String password) {
		String redirectUri = parameters.get("redirect_uri");
		Browser.Step step = this.browser.open(URI.create(authorizeUrl(parameters)),
				(uri) -> uri.toString().startsWith(redirectUri));
		for (int pages = 0; pages < 6 && step.isPage(); pages++) {
			if (step.status() != 200) {
				throw new IllegalStateException("the browser got " + step);
			}
			Document page = step.document();
			Optional<HtmlForm> form;
			if (!page.select("input[type=password]").isEmpty()) {
				form = HtmlForm.withButton(page, SIGN_IN_BUTTON).or(() -> HtmlForm.signIn(page));
				form.ifPresent((signIn) -> signIn.set("username", username).set("password", password));
			}
			else {
				form = HtmlForm.withButton(page, APPROVE_BUTTON);
			}
			HtmlForm submit = form
				.orElseThrow(() -> new IllegalStateException("no sign-in or consent form on " + page));
			step = this.browser.submit(submit, (uri) -> uri.toString().startsWith(redirectUri));
		}
		if (step.isPage()) {
			throw new IllegalStateException(
					"ended on a page instead of the redirect: " + step + " (visited " + this.browser.visited() + ")");
		}
		return step.redirect();
	}

	/**
	 * The same flow as {@link #codeThroughSignInPage} up to the consent page, left
	 * unanswered: its HTML, to answer with {@link #approve} or {@link #deny}.
	 */
	public String consentPageThroughSignInPage(Map<String, String> parameters, String username, String password) {
		String redirectUri = parameters.get("redirect_uri");
		Browser.Step step = this.browser.open(URI.create(authorizeUrl(parameters)),
				(uri) -> uri.toString().startsWith(redirectUri));
		for (int pages = 0; pages < 6 && step.isPage() && step.status() == 200; pages++) {
			Document page = step.document();
			if (page.select("input[type=password]").isEmpty()) {
				return step.body();
			}
			HtmlForm signIn = HtmlForm.withButton(page, SIGN_IN_BUTTON)
				.or(() -> HtmlForm.signIn(page))
				.orElseThrow(() -> new IllegalStateException("no sign-in form on " + page));
			step = this.browser.submit(signIn.set("username", username).set("password", password),
					(uri) -> uri.toString().startsWith(redirectUri));
		}
		throw new IllegalStateException("no consent page: " + step + " (visited " + this.browser.visited() + ")");
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
		return this.client.postForm(this.baseUrl + "/oauth2/introspect", Map.of("token", token), "Authorization",
				basic(basicClientId, basicSecret));
	}

	public HttpResponse<String> revoke(String clientId, String token) {
		return this.client.postForm(this.baseUrl + "/oauth2/revoke", Map.of("token", token, "client_id", clientId));
	}

	/**
	 * HTTP Basic for a client, with id and secret form-encoded first (RFC 6749 §2.3.1).
	 */
	public static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((Browser.encode(clientId) + ":" + Browser.encode(secret)).getBytes(StandardCharsets.UTF_8));
	}

	private String authorizeUrl(Map<String, String> parameters) {
		return this.baseUrl + "/oauth2/authorize?" + Browser.form(parameters);
	}

	private HttpResponse<String> post(HtmlForm form) {
		return this.browser.send(HttpRequest.newBuilder(form.action())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.encodedBody())), "Accept", Browser.HTML);
	}

	private Document page(String html) {
		return Jsoup.parse(html, this.baseUrl + "/consent");
	}

	private String absolute(String location) {
		return location.startsWith("http") ? location : this.baseUrl + location;
	}

}
