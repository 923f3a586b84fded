package com.defernowork.gateway.e2e.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alice's access token the standard way, without an MCP client: dynamic registration, authorization with PKCE and
 * {@code resource}, sign-in at the sandbox and consent in a headless browser, code exchange.
 */
public final class AliceTokens {

	static final Pattern SIGN_IN_BUTTON = Pattern.compile("(?i)^\\s*(sign|log)\\s*in");

	static final Pattern APPROVE_BUTTON = Pattern
		.compile("(?i)^\\s*(allow|approve|authori[sz]e|accept|consent|continue|connect)");

	static final String REDIRECT_URI = "http://127.0.0.1:6276/oauth/callback";

	private AliceTokens() {
	}

	/** An access token for the stack's MCP resource with the given scopes. */
	public static String accessToken(GatewayStack stack, String scope) {
		String publicUrl = stack.publicUrl();
		Map<String, Object> registration = new LinkedHashMap<>();
		registration.put("redirect_uris", List.of(REDIRECT_URI));
		registration.put("token_endpoint_auth_method", "none");
		registration.put("grant_types", List.of("authorization_code", "refresh_token"));
		registration.put("response_types", List.of("code"));
		registration.put("client_name", "e2e token helper");
		HttpResponse<String> registered = HttpCalls.postJson(publicUrl + "/oauth2/register", registration);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = HttpCalls.json(registered).get("client_id").asString();
		Pkce pkce = Pkce.create();
		String state = UUID.randomUUID().toString();
		Map<String, String> query = new LinkedHashMap<>();
		query.put("response_type", "code");
		query.put("client_id", clientId);
		query.put("redirect_uri", REDIRECT_URI);
		query.put("code_challenge", pkce.challenge());
		query.put("code_challenge_method", "S256");
		query.put("state", state);
		query.put("scope", scope);
		query.put("resource", stack.mcpUrl());
		URI callback = signInAndConsent(new Browser(),
				URI.create(publicUrl + "/oauth2/authorize?" + HttpCalls.encode(query)), REDIRECT_URI);
		Map<String, String> params = HttpCalls.query(callback);
		assertThat(params).as("redirect %s", callback).containsKey("code").containsEntry("state", state);
		HttpResponse<String> tokens = HttpCalls.postForm(publicUrl + "/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", params.get("code"), "code_verifier",
						pkce.verifier(), "redirect_uri", REDIRECT_URI, "client_id", clientId, "resource",
						stack.mcpUrl()));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		JsonNode body = HttpCalls.json(tokens);
		return body.get("access_token").asString();
	}

	/** Plays alice in the browser (sandbox sign-in, then consent) until the redirect to {@code redirectUri}. */
	public static URI signInAndConsent(Browser browser, URI authorize, String redirectUri) {
		Browser.Step step = browser.open(authorize, (uri) -> uri.toString().startsWith(redirectUri));
		for (int pages = 0; pages < 6 && step.isPage(); pages++) {
			assertThat(step.status()).as("page %s", step).isEqualTo(200);
			Document page = step.document();
			Optional<HtmlForm> form;
			if (!page.select("input[type=password]").isEmpty()) {
				form = HtmlForm.withButton(page, SIGN_IN_BUTTON).or(() -> HtmlForm.signIn(page));
				form.ifPresent((signIn) -> signIn.set("username", "alice").set("password", "sandbox"));
			}
			else {
				form = HtmlForm.withButton(page, APPROVE_BUTTON);
			}
			assertThat(form).as("a sign-in or consent form on %s", step).isPresent();
			step = browser.submit(form.get(), (uri) -> uri.toString().startsWith(redirectUri));
		}
		assertThat(step.isPage()).as("ended on a page instead of the redirect: %s (visited %s)", step,
				browser.visited()).isFalse();
		return step.redirect();
	}

}
