package com.defernowork.gateway.e2e.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alice's access token the standard way, without an MCP client: dynamic registration,
 * authorization with PKCE and {@code resource}, sign-in at the sandbox and consent in a
 * headless browser, code exchange.
 */
public final class AliceTokens {

	static final String REDIRECT_URI = "http://127.0.0.1:6276/oauth/callback";

	private AliceTokens() {
	}

	/** An access token for the stack's MCP resource with the given scopes. */
	public static String accessToken(GatewayStack stack, String scope) {
		return grant(stack, scope, stack.mcpUrl()).accessToken();
	}

	/**
	 * The tokens of a new grant to a newly registered public client, bound to
	 * {@code resource} (one of the auth server's).
	 */
	public static Grant grant(GatewayStack stack, String scope, String resource) {
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
		Pkce pkce = Pkce.s256();
		String state = UUID.randomUUID().toString();
		Map<String, String> query = AuthorizationCodeFlow.request(clientId, REDIRECT_URI, pkce, state);
		query.put("scope", scope);
		query.put("resource", resource);
		AuthorizationCodeFlow flow = new AuthorizationCodeFlow(publicUrl);
		URI callback = flow.codeThroughSignInPage(query, "alice", "sandbox");
		Map<String, String> params = HttpCalls.query(callback);
		assertThat(params).as("redirect %s", callback).containsKey("code").containsEntry("state", state);
		return Grant.of(clientId, flow.exchangeCode(clientId, params.get("code"), pkce, REDIRECT_URI, resource));
	}

	/** The grant's tokens after a refresh (RFC 6749 §6), as the client gets them. */
	public static Grant refresh(GatewayStack stack, Grant grant) {
		return Grant.of(grant.clientId(),
				new AuthorizationCodeFlow(stack.publicUrl()).refresh(grant.clientId(), grant.refreshToken(), null));
	}

	/** A client's tokens from one token response. */
	public record Grant(String clientId, String accessToken, String refreshToken) {

		static Grant of(String clientId, HttpResponse<String> tokenResponse) {
			assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
			JsonNode tokens = HttpCalls.json(tokenResponse);
			return new Grant(clientId, tokens.get("access_token").asString(),
					tokens.path("refresh_token").asString(null));
		}

	}

}
