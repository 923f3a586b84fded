package com.defernowork.gateway.mcp.security.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Plays an MCP client and its user's browser against the real authorization server: dynamic registration, the
 * authorization request with PKCE and {@code resource}, the upstream sign-in at the Deferno sandbox, the gateway's
 * consent page, and the code-for-token exchange. Cookies are kept per host and port, like separate sites.
 */
public final class AuthorizationCodeFlow {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What a browser sends; Spring Security does not save a request that asks for JSON, so no JSON here. */
	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final String REDIRECT_URI = "http://127.0.0.1:6276/oauth/callback";

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, Map<String, String>> cookies = new HashMap<>();

	private final String issuer;

	private final String clientId;

	private AuthorizationCodeFlow(String issuer, String clientId) {
		this.issuer = issuer;
		this.clientId = clientId;
	}

	/** Registers a public client the way MCP Inspector does (mcp-auth.md §1.4). */
	public static AuthorizationCodeFlow register(String issuer) throws Exception {
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(issuer, null);
		String registration = """
				{"redirect_uris":["%s"],"token_endpoint_auth_method":"none",
				 "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
				 "client_name":"RS security IT","scope":"mcp:tools","application_type":"native"}""".formatted(REDIRECT_URI);
		HttpResponse<String> answer = flow.http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/register"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(registration))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != 201) {
			throw new IllegalStateException("registration failed: " + answer.statusCode() + " " + answer.body());
		}
		return new AuthorizationCodeFlow(issuer, JSON.readTree(answer.body()).path("client_id").asString());
	}

	public String clientId() {
		return this.clientId;
	}

	/**
	 * Authorizes for the scopes and resource as user {@code username} (password {@code sandbox}), approving the
	 * consent page, and returns the token response.
	 */
	public Tokens authorize(String scope, String resource, String username) throws Exception {
		String verifier = randomToken();
		String state = UUID.randomUUID().toString();
		URI authorize = UriComponentsBuilder.fromUriString(this.issuer + "/oauth2/authorize")
			.queryParam("response_type", "code")
			.queryParam("client_id", this.clientId)
			.queryParam("redirect_uri", REDIRECT_URI)
			.queryParam("scope", scope)
			.queryParam("state", state)
			.queryParam("code_challenge", challenge(verifier))
			.queryParam("code_challenge_method", "S256")
			.queryParam("resource", resource)
			.encode()
			.build()
			.toUri();
		URI callback = browse(authorize, username);
		Map<String, List<String>> query = UriComponentsBuilder.fromUri(callback).build().getQueryParams();
		if (!query.containsKey("code")) {
			throw new IllegalStateException("authorization ended without a code: " + callback);
		}
		if (!state.equals(query.get("state").get(0))) {
			throw new IllegalStateException("state mismatch in " + callback);
		}
		String code = java.net.URLDecoder.decode(query.get("code").get(0), StandardCharsets.UTF_8);
		return token(Map.of("grant_type", List.of("authorization_code"), "code", List.of(code), "code_verifier",
				List.of(verifier), "redirect_uri", List.of(REDIRECT_URI), "client_id", List.of(this.clientId),
				"resource", List.of(resource)));
	}

	/** RFC 7009 revocation by the client itself. */
	public int revoke(String token) throws Exception {
		return post(URI.create(this.issuer + "/oauth2/revoke"),
				Map.of("token", List.of(token), "client_id", List.of(this.clientId))).statusCode();
	}

	private Tokens token(Map<String, List<String>> form) throws Exception {
		HttpResponse<String> answer = post(URI.create(this.issuer + "/oauth2/token"), form);
		if (answer.statusCode() != 200) {
			throw new IllegalStateException("token request failed: " + answer.statusCode() + " " + answer.body());
		}
		JsonNode tokens = JSON.readTree(answer.body());
		return new Tokens(tokens.path("access_token").asString(), tokens.path("refresh_token").asString(null),
				tokens.path("scope").asString(""));
	}

	/** Follows redirects and fills the sign-in and consent forms until the client's redirect URI is reached. */
	private URI browse(URI start, String username) throws Exception {
		URI current = start;
		HttpResponse<String> response = get(current);
		for (int step = 0; step < 20; step++) {
			int status = response.statusCode();
			if (status >= 300 && status < 400) {
				current = current.resolve(response.headers().firstValue("Location").orElseThrow());
				if (current.toString().startsWith(REDIRECT_URI)) {
					return current;
				}
				response = get(current);
				continue;
			}
			if (status != 200) {
				throw new IllegalStateException("browser got " + status + " at " + current + ": " + response.body());
			}
			URI page = current;
			String html = response.body();
			HtmlForm form = HtmlForm.firstPostForm(page, html)
				.orElseThrow(() -> new IllegalStateException("no form to submit at " + page + ":\n" + html));
			Map<String, List<String>> fields = form.hasPassword()
					? form.fields(Map.of("username", username, "password", "sandbox"), false, "sign in")
					: form.fields(Map.of(), true, "approve");
			current = form.action;
			response = post(current, fields);
		}
		throw new IllegalStateException("too many steps; last at " + current);
	}

	private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri).header("Accept", BROWSER_ACCEPT).GET(), uri);
	}

	private HttpResponse<String> post(URI uri, Map<String, List<String>> form)
			throws IOException, InterruptedException {
		StringJoiner body = new StringJoiner("&");
		form.forEach((name, values) -> values.forEach((value) -> body
			.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", BROWSER_ACCEPT)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString())), uri);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, URI uri) throws IOException, InterruptedException {
		Map<String, String> jar = this.cookies.computeIfAbsent(uri.getHost() + ":" + uri.getPort(),
				(site) -> new LinkedHashMap<>());
		if (!jar.isEmpty()) {
			StringJoiner cookie = new StringJoiner("; ");
			jar.forEach((name, value) -> cookie.add(name + "=" + value));
			request.header("Cookie", cookie.toString());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		for (String setCookie : response.headers().allValues("Set-Cookie")) {
			String pair = setCookie.split(";", 2)[0];
			int equals = pair.indexOf('=');
			if (equals > 0) {
				jar.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
			}
		}
		return response;
	}

	private static String randomToken() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	/**
	 * @param accessToken the MCP access token
	 * @param refreshToken the refresh token, if one was issued
	 * @param scope the granted scope string
	 */
	public record Tokens(String accessToken, String refreshToken, String scope) {
	}

}
