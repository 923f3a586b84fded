package com.defernowork.gateway.auth.token;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Pkce;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole flow exactly as an MCP client walks it, against a running server. */
class AuthorizationCodeFlowIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	@Test
	void mcpClientFlowWhenRegisterAuthorizeConsentTokenRefreshIntrospectRevokeThenEachStepSucceeds() {
		Map<String, Object> client = this.registration.registerPublic(REDIRECT);
		String clientId = (String) client.get("client_id");
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "st-1");
		request.put("scope", "tasks:read plan:read");
		request.put("resource", RESOURCE + "/");

		HttpResponse<String> unauthenticated = this.flow.authorize(request);
		assertThat(unauthenticated.statusCode()).isEqualTo(302);
		assertThat(unauthenticated.headers().firstValue("Location").orElseThrow())
			.matches(".*/oauth2/authorization/deferno\\?request=[\\w-]+");

		HttpResponse<String> toConsent = this.flow.authorizeSignedIn(request, "alice");
		assertThat(toConsent.headers().firstValue("Location").orElseThrow()).contains("/consent");
		HttpResponse<String> page = this.flow.consentPage(toConsent);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("MCP Inspector", "Signed in to Deferno as", "alice",
				"an application on this computer", Scopes.TASKS_READ.description(), Scopes.PLAN_READ.description());

		HttpResponse<String> approved = this.flow.approve(page.body(), "tasks:read", "plan:read");
		assertThat(approved.statusCode()).isEqualTo(302);
		assertThat(approved.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?");
		Map<String, String> callback = AuthorizationCodeFlow.query(approved);
		assertThat(callback).containsEntry("state", "st-1").containsEntry("iss", ISSUER).containsKey("code");

		HttpResponse<String> tokenResponse = this.flow.exchangeCode(clientId, callback.get("code"), pkce, REDIRECT,
				RESOURCE);
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		assertThat(tokenResponse.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		Map<String, Object> tokens = Json.parse(tokenResponse.body());
		assertThat(tokens).containsKeys("access_token", "refresh_token").containsEntry("token_type", "Bearer");
		assertThat((String) tokens.get("scope")).contains("tasks:read", "plan:read").doesNotContain("tasks:write");

		HttpResponse<String> refreshed = this.flow.refresh(clientId, (String) tokens.get("refresh_token"), RESOURCE);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> rotated = Json.parse(refreshed.body());
		assertThat(rotated.get("refresh_token")).isNotNull().isNotEqualTo(tokens.get("refresh_token"));
		assertThat(rotated.get("access_token")).isNotEqualTo(tokens.get("access_token"));

		HttpResponse<String> introspected = this.flow.introspect((String) rotated.get("access_token"), RS_CLIENT_ID,
				RS_CLIENT_SECRET);
		assertThat(introspected.statusCode()).as(introspected.body()).isEqualTo(200);
		Map<String, Object> claims = Json.parse(introspected.body());
		assertThat(claims).containsEntry("active", true)
			.containsEntry("client_id", clientId)
			.containsEntry("sub", "id-alice")
			.containsEntry("username", "alice")
			.containsEntry("aud", List.of(RESOURCE))
			.containsEntry("iss", ISSUER)
			.containsEntry("token_type", "Bearer")
			.containsKeys("exp", "iat");
		// active on auth servers whose clocks are up to a minute behind the issuing one's
		assertThat(((Number) claims.get("nbf")).longValue()).isEqualTo(((Number) claims.get("iat")).longValue() - 60);
		assertThat(((String) claims.get("scope")).split(" ")).containsExactlyInAnyOrder("tasks:read", "plan:read");

		HttpResponse<String> revoked = this.flow.revoke(clientId, (String) rotated.get("refresh_token"));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(Json
			.parse(this.flow.introspect((String) rotated.get("access_token"), RS_CLIENT_ID, RS_CLIENT_SECRET).body()))
			.containsEntry("active", false);
		assertThat(this.flow.refresh(clientId, (String) rotated.get("refresh_token"), null).statusCode())
			.isEqualTo(400);
	}

	@Test
	void stepUpWhenClientRegisteredWithNarrowScopeThenLaterAuthorizationForMoreIsConsentedAndGranted() {
		// the TypeScript SDK registers with the scope of its first authorization and
		// steps up without registering
		HttpResponse<String> registered = this.registration.register(Json.write(Map.of("redirect_uris",
				List.of(REDIRECT), "token_endpoint_auth_method", "none", "scope", "tasks:read profile:read")));
		String clientId = (String) Json.parse(registered.body()).get("client_id");
		Pkce first = Pkce.s256();
		Map<String, String> readOnly = AuthorizationCodeFlow.request(clientId, REDIRECT, first, "r");
		readOnly.put("scope", "tasks:read profile:read");
		String readCode = this.flow.code(readOnly, "alice");
		Map<String, Object> readTokens = Json
			.parse(this.flow.exchangeCode(clientId, readCode, first, REDIRECT, null).body());
		assertThat(((String) readTokens.get("scope")).split(" ")).containsExactlyInAnyOrder("tasks:read",
				"profile:read");

		Pkce second = Pkce.s256();
		Map<String, String> more = AuthorizationCodeFlow.request(clientId, REDIRECT, second, "w");
		more.put("scope", "tasks:read profile:read tasks:write");
		HttpResponse<String> toConsent = this.flow.authorizeSignedIn(more, "alice");
		assertThat(toConsent.headers().firstValue("Location").orElseThrow()).as("more scope needs consent again")
			.contains("/consent");
		HttpResponse<String> page = this.flow.consentPage(toConsent);
		assertThat(page.body()).contains(Scopes.TASKS_WRITE.description());
		HttpResponse<String> approved = this.flow.approve(page.body(), "tasks:read", "profile:read", "tasks:write");
		Map<String, String> callback = AuthorizationCodeFlow.query(approved);
		HttpResponse<String> writeTokens = this.flow.exchangeCode(clientId, callback.get("code"), second, REDIRECT,
				null);
		assertThat(writeTokens.statusCode()).as(writeTokens.body()).isEqualTo(200);
		assertThat(((String) Json.parse(writeTokens.body()).get("scope")).split(" ")).contains("tasks:write");
	}

}
