package com.defernowork.gateway.auth;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.RawHttp;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never reaches a 5xx: a few hundred malformed requests (seeded, so a failure
 * repeats) over every endpoint of the server, signed in and not, with broken parameters,
 * repeated ones, odd methods, credentials and bodies.
 */
class MalformedRequestsIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final List<String> PARAMETERS = List.of("response_type", "client_id", "redirect_uri", "scope",
			"state", "code_challenge", "code_challenge_method", "resource", "grant_type", "code", "code_verifier",
			"refresh_token", "token", "token_type_hint", "subject_token", "subject_token_type", "requested_token_type",
			"client_secret", "prompt", "nonce", "user_oauth_approval", "error");

	private static final List<String> GET_PATHS = List.of("/oauth2/authorize", "/oauth2/register", "/consent",
			"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
			"/.well-known/oauth-authorization-server/extra", "/oauth2/jwks", "/error", "/connected-apps",
			"/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/login/callback", "/assets/app.css");

	private static final List<String> POST_PATHS = List.of("/oauth2/authorize", "/oauth2/token", "/oauth2/introspect",
			"/oauth2/revoke", "/oauth2/register", "/connected-apps/unknown/disconnect", "/consent", "/error");

	/**
	 * {@code -Dfuzz.seed=…} and {@code -Dfuzz.requests=…} explore further than the build
	 * does.
	 */
	private final Random random = new Random(Long.getLong("fuzz.seed", 20261129L));

	private final List<String> values = new ArrayList<>(List.of("", " ", "a", "\u202E", "\u0000", "%", "null", "[]",
			"{}", "x".repeat(5_000), "http://127.0.0.1:99999/cb", "https://app.example:99999/c",
			"urn:ietf:wg:oauth:2.0:oob", "chrome://settings", "javascript:alert(1)", REDIRECT, "S256", "plain", "code",
			"token", "authorization_code", "refresh_token", "client_credentials",
			"urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:token-type:access_token",
			"tasks:read", "openid", "none", "login consent", "https://mcp.example.com/mcp", RESOURCE,
			"../../etc/passwd", "\"'<script>"));

	private final List<String> authorizations = new ArrayList<>(List.of("Basic !!!", "Basic ", "Bearer x",
			"Basic " + Base64.getEncoder().encodeToString("unknown:secret".getBytes(StandardCharsets.UTF_8)),
			"Basic " + Base64.getEncoder()
				.encodeToString((RS_CLIENT_ID + ":" + RS_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8))));

	private Browser signedIn;

	@BeforeEach
	void clientsAndPerson() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		this.values.add(clientId);
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);
		String code = flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "s"), "fuzz");
		this.values.add(code);
		this.signedIn = flow.browser();
	}

	@Test
	void errorPathWhenRequestedDirectlyThen404() {
		// spelled otherwise, the dispatcher still maps it to the error controller
		for (String path : List.of("/error", "/%65rror", "/erro%72", "/error;x", "/error/")) {
			HttpResponse<String> json = new Browser().get(BASE_URL + path, "Accept", "application/json");
			assertThat(json.statusCode()).as(path).isEqualTo(404);
			assertThat(json.body()).as(path).doesNotContain("999");
		}
		HttpResponse<String> page = new Browser().get(BASE_URL + "/error", "Accept", Browser.HTML);
		assertThat(page.statusCode()).isEqualTo(404);
		assertProtectiveHeaders(page.headers());
	}

	@Test
	void errorPageWhenShownThenItsReferenceIsTheAnswersTraceIdForAPersonToQuote() {
		HttpResponse<String> page = new Browser().get(BASE_URL + "/error", "Accept", Browser.HTML);

		assertThat(page.statusCode()).isEqualTo(404);
		String trace = page.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(trace).matches("[0-9a-f]{32}");
		assertThat(page.body()).contains("Page not found", "Reference for support:", "<code>" + trace + "</code>");
	}

	@Test
	void stylesheetWhenFetchedThenCachedForAnHourAndRevalidatedWhilePagesAreNever() {
		HttpResponse<String> css = new Browser().get(BASE_URL + "/assets/app.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Cache-Control")).hasValue("max-age=3600, public");
		String modified = css.headers().firstValue("Last-Modified").orElseThrow();
		assertThat(new Browser().get(BASE_URL + "/assets/app.css", "If-Modified-Since", modified).statusCode())
			.isEqualTo(304);
		assertThat(new Browser().get(BASE_URL + "/signed-out").headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
	}

	@Test
	void pageWhenUnauthenticatedForbiddenWrongMethodOrTooLargeThenAPageSayingSoNotAMalformedAddress() {
		HttpResponse<String> clientsOnly = new Browser().get(BASE_URL + "/internal/activity", "Accept", Browser.HTML);
		HttpResponse<String> noCsrf = this.signedIn.postForm(BASE_URL + "/consent", Map.of("client_id", "x"), "Accept",
				Browser.HTML);
		HttpResponse<String> wrongMethod = this.signedIn.get(BASE_URL + "/connected-apps/abc/disconnect", "Accept",
				Browser.HTML);
		// over the container's 16 KB for a form, under nginx's limit
		HttpResponse<String> tooLarge = this.signedIn.postForm(BASE_URL + "/logout", Map.of("x", "a".repeat(30_000)),
				"Accept", Browser.HTML);

		assertThat(clientsOnly.statusCode()).isEqualTo(401);
		assertThat(clientsOnly.body()).contains("This address is not for browsers");
		assertThat(noCsrf.statusCode()).isEqualTo(403);
		assertThat(noCsrf.body()).contains("This request is not allowed", "Nothing was changed");
		// the disconnect form's address opened as a page (a reload, a link): the list
		assertThat(wrongMethod.statusCode()).isEqualTo(302);
		assertThat(Browser.location(wrongMethod)).endsWith("/connected-apps");
		// a page's CSRF token guards its POSTs: another method it does not take is told
		// so, not that the form is out of date
		for (String[] request : new String[][] { { "PUT", "/logout" }, { "DELETE", "/connected-apps" },
				{ "PUT", "/consent" }, { "PATCH", "/connected-apps/abc/disconnect" } }) {
			HttpResponse<String> answer = this.signedIn.send(
					HttpRequest.newBuilder(URI.create(BASE_URL + request[1]))
						.method(request[0], HttpRequest.BodyPublishers.ofString("_csrf=x")),
					"Accept", Browser.HTML, "Content-Type", "application/x-www-form-urlencoded");
			assertThat(answer.statusCode()).as(request[0] + " " + request[1]).isEqualTo(405);
			assertThat(answer.body()).as(request[0] + " " + request[1]).contains("does not take this kind of request");
			assertThat(answer.headers().firstValue("Allow")).as(request[0] + " " + request[1])
				.hasValueSatisfying((allow) -> assertThat(allow).isNotBlank().doesNotContain(request[0]));
		}
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(tooLarge.body()).contains("This request is too large", "Nothing was changed");
		assertThat(List.of(clientsOnly, noCsrf, wrongMethod, tooLarge))
			.allSatisfy((page) -> assertThat(page.body()).doesNotContain("malformed or incomplete"));
	}

	private static void assertProtectiveHeaders(java.net.http.HttpHeaders headers) {
		assertThat(headers.firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'"));
		assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(headers.firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
	}

	@Test
	void pageWhenQueryUndecodableThen400ProductPageForBrowsersAndJsonForClients() throws IOException {
		// raw: no HTTP client of ours sends a broken percent-escape, browsers pass them
		// on
		for (String target : List.of("/oauth2/authorize?state=%zz", "/login?x=%", "/oauth2/register?client_id=%")) {
			String page = raw(target, Browser.HTML);
			assertThat(page).as(target)
				.startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: text/html")
				.contains("Deferno MCP gateway", "Error 400")
				.containsIgnoringCase("X-Frame-Options: DENY")
				.containsIgnoringCase("X-Content-Type-Options: nosniff")
				.containsIgnoringCase("Content-Security-Policy: default-src 'none'")
				.doesNotContain("Whitelabel", "Exception");
		}
		assertThat(raw("/oauth2/authorize?state=%zz", "application/json")).startsWith("HTTP/1.1 400")
			.contains("\"status\":400")
			.doesNotContain("Exception", "trace");
	}

	@Test
	void pageWhenTheQueryHoldsCharactersBrowsersSendUnencodedThenServed() throws IOException {
		// browsers send | { } [ ] ^ ` and \ in a query as they are, and an application's
		// state may hold them
		// the query reaches the endpoint, which names what it lacks
		assertThat(raw("/oauth2/authorize?client_id=x&state=a|b{c}[d]^e`f\\g", Browser.HTML))
			.contains("invalid parameter: response_type")
			.doesNotContain("malformed");
		assertThat(raw("/login?x=a|b", Browser.HTML)).doesNotStartWith("HTTP/1.1 400").doesNotContain("malformed");
	}

	@Test
	void requestWhenForwardedHeaderCannotBeAppliedThen400InOAuthShape() {
		for (String[] header : List.of(new String[] { "X-Forwarded-Prefix", "%zz" },
				new String[] { "X-Forwarded-Port", "abc" }, new String[] { "X-Forwarded-Host", "[::1" })) {
			HttpResponse<String> response = new Browser().get(BASE_URL + "/.well-known/oauth-authorization-server",
					header[0], header[1], "Accept", "application/json");
			assertThat(response.statusCode()).as(header[0]).isEqualTo(400);
			assertThat(response.body()).as(header[0]).contains("\"error\":\"invalid_request\"");
		}
		// a host no URL can hold: the redirect to sign in was a server error
		for (String path : List.of("/connected-apps", "/consent", "/.well-known/oauth-authorization-server")) {
			HttpResponse<String> response = new Browser().get(BASE_URL + path, "X-Forwarded-Host", "a b", "Accept",
					"application/json");
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(response.body()).as(path).contains("\"error\":\"invalid_request\"");
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void pageWhenBehindTheProxyAndContentTypeIsAMediaRangeThenSentToSignInNotAServerError(CapturedOutput output) {
		int before = output.getAll().length();
		for (String type : List.of("*/*", "text/*")) {
			HttpResponse<String> response = new Browser().get(BASE_URL + "/connected-apps", "X-Forwarded-Host",
					"localhost", "X-Forwarded-Proto", "https", "Content-Type", type);
			assertThat(response.statusCode()).as(type).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(type)
				.hasValueSatisfying((location) -> assertThat(location).startsWith("https://localhost/"));
		}
		assertThat(output.getAll().substring(before)).doesNotContain(" ERROR ");
	}

	@Test
	void pageWhenTheRequestNamesAnotherHostThen421NotARedirectToThatHost() throws IOException {
		// nginx passes the browser's Host on as X-Forwarded-Host; a page built its
		// redirects from it
		for (String path : List.of("/login", "/connected-apps", "/oauth2/authorize?client_id=x", "/consent",
				"/signed-out", "/oauth2/authorization/deferno", "/logout")) {
			HttpResponse<String> page = new Browser().get(BASE_URL + path, "X-Forwarded-Host", "evil.example", "Accept",
					Browser.HTML);
			assertThat(page.statusCode()).as(path).isEqualTo(421);
			assertThat(page.headers().firstValue("Location")).as(path).isEmpty();
			assertThat(page.body()).as(path).contains("This address is not the gateway&#39;s").doesNotContain("evil");
		}
		String direct = RawHttp.body(rawWithHost("evil.example", "/login"));
		assertThat(direct).contains("This server does not serve the host the request names");
		// the issuer's name and loopback names are served; the protocol endpoints answer
		// any name (the resource server uses its own for this server)
		assertThat(rawWithHost("127.0.0.1", "/login")).startsWith("HTTP/1.1 302");
		assertThat(rawWithHost("[::1]", "/login")).startsWith("HTTP/1.1 302");
		assertThat(rawWithHost("auth-server:9000", "/.well-known/oauth-authorization-server"))
			.startsWith("HTTP/1.1 200");
	}

	private static String rawWithHost(String host, String target) throws IOException {
		URI base = URI.create(BASE_URL);
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
						+ "Connection: close\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** What a query or form the container cannot decode is told. */
	private static final String UNREADABLE = "\"error_description\":\"The query or form cannot be read: a "
			+ "percent-encoding that is not a % with two hex digits, bytes that are not UTF-8";

	@Test
	void anyPathWhenBrokenFormSentByPutPatchOrDeleteThenNeverAServerError() {
		for (String path : List.of("/oauth2/token", "/oauth2/authorize", "/.well-known/oauth-authorization-server",
				"/consent", "/connected-apps", "/login")) {
			for (String method : List.of("PUT", "PATCH", "DELETE")) {
				HttpResponse<String> response = new Browser().send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
					.method(method, HttpRequest.BodyPublishers.ofString("a=%zz"))
					.header("Content-Type", "application/x-www-form-urlencoded"));
				assertThat(response.statusCode()).as(method + " " + path + " " + response.body()).isLessThan(500);
			}
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void formWhenAValueCannotBeDecodedThenTheDebugLineNamesTheParameterWithoutItsValue(CapturedOutput output)
			throws IOException {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		String undecodable = "com.defernowork.gateway.auth.web.UndecodableParameters";
		logging.setLogLevel(undecodable, LogLevel.DEBUG);
		try {
			int before = output.getAll().length();
			// a live refresh token with a stray byte: refused, so it stays valid
			assertThat(raw("POST", "/oauth2/token", "application/json",
					"grant_type=refresh_token&refresh_token=still-valid-refresh-token%zz"))
				.startsWith("HTTP/1.1 400");
			assertThat(raw("POST", "/oauth2/token", "application/json",
					"grant_type=refresh_token&client_secret=the-client-secret%ff"))
				.startsWith("HTTP/1.1 400");
			String logged = output.getAll().substring(before);
			assertThat(logged).contains("Refused undecodable parameters", "[refresh_token]", "[client_secret]")
				.doesNotContain("still-valid-refresh-token", "the-client-secret");
		}
		finally {
			logging.setLogLevel(undecodable, null);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void apiRequestWhenUndecodableOrNotServedThenOAuthErrorAndNothingLoggedAsAnError(CapturedOutput output)
			throws IOException {
		int before = output.getAll().length();
		for (String target : List.of("/oauth2/register?client_id=%zz", "/login?x=%zz", "/oauth2/authorize?state=%")) {
			assertThat(raw(target, "application/json")).as(target)
				.startsWith("HTTP/1.1 400")
				.contains("\"error\":\"invalid_request\"", UNREADABLE);
		}
		for (String body : List.of("grant_type=%", "token=%zz&client_id=x", "token=%E9")) {
			assertThat(raw("POST", "/oauth2/token", "application/json", body)).as(body)
				.startsWith("HTTP/1.1 400")
				.contains("\"error\":\"invalid_request\"", UNREADABLE);
		}
		for (String[] request : List.of(new String[] { "PUT", "/oauth2/jwks" },
				new String[] { "POST", "/.well-known/oauth-authorization-server" },
				new String[] { "DELETE", "/oauth2/authorize?client_id=x" })) {
			assertThat(raw(request[0], request[1], "application/json", "")).as(String.join(" ", request))
				.startsWith("HTTP/1.1 405")
				.contains("\"error\":\"invalid_request\"")
				.doesNotContain("timestamp", "\"path\"");
		}
		assertThat(output.getAll().substring(before)).doesNotContain(" ERROR ");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void pageRequestWhenAParameterOrMethodIsWrongThenNothingLoggedAtWarn(CapturedOutput output) {
		int before = output.getAll().length();
		for (String path : List.of("/consent", "/consent?client_id=x")) {
			HttpResponse<String> response = this.signedIn.get(BASE_URL + path, "Accept", Browser.HTML);
			assertThat(response.statusCode()).as(path).isBetween(400, 499);
		}
		HttpResponse<String> wrongMethod = this.signedIn
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/connected-apps/abc/disconnect"))
				.method("DELETE", HttpRequest.BodyPublishers.noBody()), "Accept", Browser.HTML);
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		// anyone can send these: a warning each would let them flood the log
		assertThat(output.getAll().substring(before)).doesNotContain("DefaultHandlerExceptionResolver")
			.doesNotContain("MissingServletRequestParameterException")
			.doesNotContain("HttpRequestMethodNotSupportedException");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void requestWhenAHeaderIsLargerThanTheContainerTakesThen431AndNoStackTrace(CapturedOutput output)
			throws IOException {
		int before = output.getAll().length();
		// what nginx lets through (32 KB) is taken; more is refused saying the limit
		String taken = RawHttp.exchange(URI.create(BASE_URL), "GET", "/oauth2/jwks",
				Map.of("X-Padding", "x".repeat(30_000)), null);
		assertThat(taken).startsWith("HTTP/1.1 200");
		String answer = RawHttp.exchange(URI.create(BASE_URL), "GET", "/oauth2/jwks",
				Map.of("X-Padding", "x".repeat(50_000)), null);
		assertThat(answer).startsWith("HTTP/1.1 431")
			.endsWith("{\"error\":\"invalid_request\",\"error_description\":\"The request's line and header fields "
					+ "together are larger than the 40960 bytes this server accepts; send fewer or shorter ones\","
					+ "\"status\":431}");
		// Tomcat logs the first of these at INFO with its stack trace, later ones at
		// DEBUG: the level, not this one request, keeps it out of the log
		assertThat(LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor").isInfoEnabled()).isFalse();
		assertThat(output.getAll().substring(before)).doesNotContain("Error parsing HTTP request header")
			.doesNotContain("\tat org.apache");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void rootWhenTheAcceptHeaderCannotBeParsedThenNoWarningInTheLog(CapturedOutput output) throws IOException {
		int before = output.getAll().length();
		for (String path : List.of("/", "/assets/")) {
			assertThat(raw(path, "@@@/;;;")).as(path).doesNotStartWith("HTTP/1.1 5");
		}
		assertThat(output.getAll().substring(before)).doesNotContain("WARN").doesNotContain("invalid Accept");
	}

	@Test
	void clientEndpointWhenTheChunkedBodyIsMalformedThen400NotAServerError() throws IOException {
		for (String path : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
			for (String size : List.of("zz", "-1")) {
				String answer = RawHttp.exchange(URI.create(BASE_URL), "POST", path,
						Map.of("Content-Type", "application/x-www-form-urlencoded", "Transfer-Encoding", "chunked"),
						size + "\r\ngrant_type=client_credentials\r\n0\r\n\r\n");
				assertThat(answer).as(path + " " + size).startsWith("HTTP/1.1 400");
			}
		}
	}

	@Test
	void pageWhenTheFormHasAContentCodingThen415ProductPageWithAcceptEncodingIdentity() {
		for (String path : List.of("/consent", "/logout", "/login")) {
			HttpResponse<String> page = this.signedIn.send(
					HttpRequest.newBuilder(URI.create(BASE_URL + path))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("_csrf=x&client_id=y")),
					"Accept", Browser.HTML, "Content-Encoding", "gzip");
			assertThat(page.statusCode()).as(path).isEqualTo(415);
			assertThat(page.headers().firstValue("Accept-Encoding")).as(path).hasValue("identity");
			assertThat(page.body()).as(path)
				.contains("Deferno MCP gateway", "Error 415", "compressed", "Nothing was changed")
				.doesNotContain("malformed or incomplete");
			assertProtectiveHeaders(page.headers());
		}
	}

	@Test
	void requestWhenTheContainerRefusesAMethodOrTransferCodingThenInvalidRequestNotServerError() throws IOException {
		// the request asked for what the server does not implement: its status stays,
		// the error is the client's
		String gzip = RawHttp.exchange(URI.create(BASE_URL), "POST", "/oauth2/token",
				Map.of("Accept", "application/json", "Transfer-Encoding", "gzip"), "x");
		assertThat(gzip).startsWith("HTTP/1.1 501");
		assertThat(RawHttp.body(gzip)).contains("\"error\":\"invalid_request\"").doesNotContain("server_error");
		for (String[] request : List.of(new String[] { "CONNECT", "localhost:443" },
				new String[] { "CONNECT", "/oauth2/token" }, new String[] { "FOO", "/oauth2/jwks" })) {
			String answer = RawHttp.exchange(URI.create(BASE_URL), request[0], request[1],
					Map.of("Accept", "application/json"), null);
			assertThat(answer).as(String.join(" ", request)).matches("(?s)HTTP/1.1 (4\\d\\d|501) .*");
			assertThat(RawHttp.body(answer)).as(String.join(" ", request))
				.contains("\"error\":\"invalid_request\"")
				.doesNotContain("server_error");
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void anyPathWhenAPathParameterCannotBeDecodedThen400NotAServerError(CapturedOutput output) throws IOException {
		int before = output.getAll().length();
		for (String path : List.of("/oauth2/token;a=%zz", "/assets/app.css;x%zz", "/consent;x=%zz",
				"/oauth2/jwks;x=%zz", "/;x=%zz")) {
			assertThat(raw(path, "*/*")).as(path).startsWith("HTTP/1.1 400");
			String answer = raw(path, "application/json");
			assertThat(answer).as(path).startsWith("HTTP/1.1 400");
			assertThat(RawHttp.body(answer)).as(path).contains("invalid_request");
			// a browser gets the product's page, with a page's headers
			String page = raw(path, Browser.HTML);
			assertThat(page).as(path)
				.startsWith("HTTP/1.1 400")
				.contains("text/html")
				.containsIgnoringCase("X-Frame-Options: DENY");
			assertThat(RawHttp.body(page)).as(path).doesNotContain("Exception", "at com.");
		}
		// the client's mistake, not the server's: no stack trace in the log
		assertThat(output.getAll().substring(before)).doesNotContain("ERROR").doesNotContain("Invalid encoded");
	}

	private static String raw(String target, String accept) throws IOException {
		return raw("GET", target, accept, null);
	}

	private static String raw(String method, String target, String accept, String form) throws IOException {
		Map<String, String> headers = (form != null)
				? Map.of("Accept", accept, "Content-Type", "application/x-www-form-urlencoded")
				: Map.of("Accept", accept);
		return RawHttp.exchange(URI.create(BASE_URL), method, target, headers, form);
	}

	@Test
	void anyEndpointWhenRequestMalformedThenNeverAServerError() {
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < Integer.getInteger("fuzz.requests", 300); i++) {
			HttpRequest.Builder request = request();
			String[] headers = headers();
			Browser browser = this.random.nextBoolean() ? this.signedIn : new Browser();
			HttpRequest built = request.copy().build();
			HttpResponse<String> response = browser.send(request, headers);
			if (response.statusCode() >= 500) {
				failures.add(response.statusCode() + " for " + built.method() + " " + built.uri() + " "
						+ String.join(" ", headers) + ": " + response.body());
			}
		}
		assertThat(failures).isEmpty();
	}

	private HttpRequest.Builder request() {
		String query = parameters();
		if (this.random.nextInt(3) == 0) {
			String path = pick(GET_PATHS);
			String method = pick(List.of("GET", "GET", "GET", "HEAD", "PUT", "DELETE", "PATCH"));
			return HttpRequest.newBuilder(URI.create(BASE_URL + path + "?" + query))
				.method(method, HttpRequest.BodyPublishers.noBody());
		}
		String path = pick(POST_PATHS);
		return switch (this.random.nextInt(4)) {
			case 0 -> HttpRequest.newBuilder(URI.create(BASE_URL + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json()));
			case 1 -> HttpRequest.newBuilder(URI.create(BASE_URL + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				// raw: broken percent-encoding, lone '&' and '=' as a browser or a buggy
				// client sends them
				.POST(HttpRequest.BodyPublishers.ofString(query + pick(List.of("", "&", "=&=", "&%ZZ=1", "%E0%A4%A"))));
			case 2 -> HttpRequest.newBuilder(URI.create(BASE_URL + path + "?" + query))
				.header("Content-Type", pick(List.of("text/plain", "application/xml", "multipart/form-data")))
				.POST(HttpRequest.BodyPublishers.ofString(pick(this.values)));
			default -> HttpRequest.newBuilder(URI.create(BASE_URL + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(query));
		};
	}

	private String parameters() {
		StringJoiner query = new StringJoiner("&");
		int count = this.random.nextInt(8);
		for (int i = 0; i < count; i++) {
			String name = pick(PARAMETERS);
			int repeat = (this.random.nextInt(5) == 0) ? 2 : 1;
			for (int r = 0; r < repeat; r++) {
				query.add(name + "=" + URLEncoder.encode(pick(this.values), StandardCharsets.UTF_8));
			}
		}
		return query.toString();
	}

	private String json() {
		return pick(List.of("", "{", "[]", "null", "42", "\"x\"", "{\"redirect_uris\":null}",
				"{\"redirect_uris\":[null]}", "{\"redirect_uris\":[42]}", "{\"redirect_uris\":\"" + REDIRECT + "\"}",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":\"authorization_code\"}",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"contacts\":[1]}",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":{\"a\":1}}",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":null}",
				"{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_uri\":\"http://\"}",
				"{\"redirect_uris\":[\"http://[::1\"]}", "{\"redirect_uris\":[\"" + "h".repeat(3000) + "://x\"]}"));
	}

	private String[] headers() {
		List<String> headers = new ArrayList<>();
		if (this.random.nextBoolean()) {
			headers.add("Authorization");
			headers.add(pick(this.authorizations));
		}
		headers.add("Accept");
		headers.add(pick(List.of(Browser.HTML, "application/json", "*/*", "text/plain")));
		return headers.toArray(String[]::new);
	}

	private <T> T pick(List<T> from) {
		return from.get(this.random.nextInt(from.size()));
	}

}
