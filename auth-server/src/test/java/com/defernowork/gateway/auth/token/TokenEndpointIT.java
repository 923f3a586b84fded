package com.defernowork.gateway.auth.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.RawHttp;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token, introspection and revocation endpoints: single-use codes, rotation with grace,
 * client rules.
 */
class TokenEndpointIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	@Autowired
	private MutableClock clock;

	@Autowired
	private GrantLocks locks;

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantAndEveryTokenOfTheCodeRevoked() {
		Grant grant = grant();
		HttpResponse<String> replay = this.flow.exchangeCode(grant.clientId, grant.code, grant.pkce, REDIRECT, null);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(Json.parse(replay.body())).containsEntry("error", "invalid_grant");
		assertThat(active(grant.accessToken())).isFalse();
		assertThat(this.flow.refresh(grant.clientId, grant.refreshToken(), null).statusCode()).isEqualTo(400);
	}

	@Test
	void tokenWhenEightRedemptionsOfOneCodeRaceThenOneGetsTokensAndTheReplaysRevokeThem() throws Exception {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "race");
		List<HttpResponse<String>> answers = atOnce(8,
				(flow) -> flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE));

		List<HttpResponse<String>> issued = answers.stream().filter((answer) -> answer.statusCode() == 200).toList();
		assertThat(issued).as(answers.stream().map(HttpResponse::body).toList().toString()).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.statusCode() != 200)
			.allSatisfy((answer) -> assertThat(Json.parse(answer.body())).containsEntry("error", "invalid_grant"));
		// the seven replays came after it, and a replayed code revokes what it gave
		assertThat(active((String) Json.parse(issued.get(0).body()).get("access_token"))).isFalse();
	}

	@Test
	void refreshWhenRotatedTokenReusedWithinGraceThenTheSameAnswerElseGrantRevoked() throws Exception {
		Grant grant = grant();
		Map<String, Object> first = ok(this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE));
		Map<String, Object> withinGrace = ok(this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE));
		assertThat(withinGrace.get("refresh_token")).isEqualTo(first.get("refresh_token"));
		assertThat(withinGrace.get("access_token")).isEqualTo(first.get("access_token"));
		assertThat(active((String) first.get("access_token"))).isTrue();

		this.clock.advance(Duration.ofMillis(2_500));
		endReplayWindows();
		HttpResponse<String> afterGrace = this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE);
		assertThat(afterGrace.statusCode()).isEqualTo(400);
		assertThat(Json.parse(afterGrace.body())).containsEntry("error", "invalid_grant")
			.containsEntry("error_description",
					"The refresh token was already used; the grant is revoked, authorize again");
		assertThat(this.flow.refresh(grant.clientId, (String) first.get("refresh_token"), RESOURCE).statusCode())
			.isEqualTo(400);
		assertThat(active((String) withinGrace.get("access_token"))).isFalse();
	}

	@Test
	void refreshOrRevokeWhenAValueNamesTheGrantButWasNeverIssuedThenInvalidAndTheGrantStays() {
		Grant grant = grant();
		String issued = grant.refreshToken();
		String grantId = issued.substring(0, issued.indexOf('.'));
		// a client's slips, and a made-up value that names the grant
		for (String never : List.of(issued + "x", issued + "\n", issued.substring(0, issued.length() - 1),
				grantId + ".AAAA", grantId + ".garbage")) {
			HttpResponse<String> refresh = this.flow.refresh(grant.clientId, never, RESOURCE);
			assertThat(refresh.statusCode()).as(never).isEqualTo(400);
			assertThat(Json.parse(refresh.body())).as(never)
				.containsEntry("error", "invalid_grant")
				.containsEntry("error_description", "The refresh token is invalid, expired or revoked");
			assertThat(new AuthorizationCodeFlow(BASE_URL).revoke(grant.clientId, never).statusCode()).isEqualTo(200);
		}
		// another client's made-up value learns nothing of the grant either
		String other = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		assertThat(Json.parse(this.flow.refresh(other, grantId + ".garbage", RESOURCE).body()))
			.containsEntry("error", "invalid_grant")
			.containsEntry("error_description", "The refresh token is invalid, expired or revoked");

		assertThat(active(grant.accessToken())).isTrue();
		assertThat(ok(this.flow.refresh(grant.clientId, issued, RESOURCE))).containsKey("access_token");
	}

	@Test
	void refreshWhenTwentyConcurrentRefreshesOfOneTokenThenEveryAnswerIntrospectsActive() throws Exception {
		Grant grant = grant();
		List<Map<String, Object>> answers = atOnce(20,
				(flow) -> flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE))
			.stream()
			.map(TokenEndpointIT::ok)
			.toList();

		assertThat(answers).extracting((answer) -> answer.get("refresh_token"))
			.containsOnly(answers.get(0).get("refresh_token"));
		for (Map<String, Object> answer : answers) {
			assertThat(active((String) answer.get("access_token"))).isTrue();
		}
		assertThat(ok(this.flow.refresh(grant.clientId, (String) answers.get(0).get("refresh_token"), RESOURCE)))
			.containsKey("access_token");
	}

	@Test
	void refreshWhenAnotherRefreshOfTheGrantHoldsItsLockThen503RetryAfterAndTheTokenStillRefreshes() {
		Grant grant = grant();
		String grantId = this.authorizations.findByToken(grant.refreshToken(), OAuth2TokenType.REFRESH_TOKEN).getId();
		HttpResponse<String> whileLocked = this.locks.withLock(grantId,
				() -> this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE));
		// not 400, which clients take as final
		assertThat(whileLocked.statusCode()).as(whileLocked.body()).isEqualTo(503);
		assertThat(whileLocked.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(Json.parse(whileLocked.body())).containsEntry("error", "temporarily_unavailable");
		assertThat(ok(this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE))).containsKey("access_token");
	}

	@Test
	void revokeWhenARefreshOfTheGrantIsSavingThenItWaitsAndTheGrantStaysGone() throws Exception {
		Grant grant = grant();
		OAuth2Authorization stored = this.authorizations.findByToken(grant.refreshToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		CompletableFuture<HttpResponse<String>> revocation = this.locks.withLock(stored.getId(), () -> {
			CompletableFuture<HttpResponse<String>> revoking = CompletableFuture
				.supplyAsync(() -> new AuthorizationCodeFlow(BASE_URL).revoke(grant.clientId, grant.refreshToken()));
			// a refresh holding the lock is between reading the grant and saving it
			assertThat(revoking).as("the revocation waits for the grant's lock")
				.failsWithin(Duration.ofMillis(500))
				.withThrowableOfType(java.util.concurrent.TimeoutException.class);
			this.authorizations.save(stored);
			return revoking;
		});

		assertThat(revocation.get().statusCode()).isEqualTo(200);
		assertThat(active(grant.accessToken())).isFalse();
		assertThat(this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE).statusCode()).isEqualTo(400);
	}

	@Test
	void exchangeWhenParametersInTheUrlThenInvalidRequestNotATokenInAnAccessLog() {
		Grant grant = grant();
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((RS_CLIENT_ID + ":" + RS_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpResponse<String> response = new Browser().send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(BASE_URL
					+ "/oauth2/token?grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token="
					+ grant.accessToken() + "&subject_token_type=urn:ietf:params:oauth:token-type:access_token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody()), "Authorization", basic);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_request");
		assertThat((String) Json.parse(response.body()).get("error_description")).contains("request body");
	}

	@Test
	void exchangeWhenResourceRepeatedWithABlankFirstThenInvalidRequestNotNoResource() {
		Grant grant = grant();
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((RS_CLIENT_ID + ":" + RS_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpResponse<String> response = postRaw("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
				+ "&subject_token=" + grant.accessToken()
				+ "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
				+ "&resource=&resource=https%3A%2F%2Fother.example%2Fmcp", "Authorization", basic);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_request");
		assertThat((String) Json.parse(response.body()).get("error_description")).contains("resource");
	}

	@Test
	void exchangeWhenAudienceScopeOrActorTokenThenRefusedNotIgnored() {
		Grant grant = grant();
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((RS_CLIENT_ID + ":" + RS_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String exchange = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token="
				+ grant.accessToken() + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token";
		Map<String, String> refusals = Map.of("&audience=deferno", "invalid_target", "&scope=mcp%3Aread",
				"invalid_scope",
				"&actor_token=" + grant.accessToken()
						+ "&actor_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token",
				"invalid_request");
		refusals.forEach((extra, error) -> {
			HttpResponse<String> response = postRaw(exchange + extra, "Authorization", basic);
			assertThat(response.statusCode()).as(extra + ": " + response.body()).isEqualTo(400);
			assertThat(Json.parse(response.body())).as(extra).containsEntry("error", error);
		});
		// without them, or with them empty (as omitted), the exchange reaches the grant,
		// which holds no Deferno sign-in here (a test sign-in): nothing was lost
		HttpResponse<String> plain = postRaw(exchange + "&audience=&scope=", "Authorization", basic);
		assertThat(Json.parse(plain.body())).as(plain.body())
			.containsEntry("error", "invalid_request")
			.containsEntry("error_uri", "https://datatracker.ietf.org/doc/html/rfc8693#section-2.2.2");
		assertThat((String) Json.parse(plain.body()).get("error_description"))
			.isEqualTo("no Deferno credential is held for this grant");
	}

	@Test
	void tokenWhenClientUnknownThen401InvalidClient() {
		Grant grant = grant();
		HttpResponse<String> refresh = this.flow.refresh("unknown-client", grant.refreshToken(), null);
		assertThat(refresh.statusCode()).isEqualTo(401);
		assertThat(Json.parse(refresh.body())).containsEntry("error", "invalid_client");
		HttpResponse<String> code = this.flow.exchangeCode("unknown-client", "some-code", Pkce.s256(), REDIRECT, null);
		assertThat(code.statusCode()).isEqualTo(401);
		assertThat(Json.parse(code.body())).containsEntry("error", "invalid_client");
	}

	@Test
	void protocolEndpointsWhenNoClientAuthenticationThen401InvalidClientNotALoginRedirect() throws Exception {
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		for (String path : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
			HttpResponse<String> response = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + path))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.header("Accept", "*/*")
					.POST(java.net.http.HttpRequest.BodyPublishers
						.ofString("grant_type=refresh_token&refresh_token=x&token=x"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(Json.parse(response.body())).as(path)
				.containsEntry("error", "invalid_client")
				// a public client_id, which the generic words suggest, is refused there
				.containsEntry("error_description", path.endsWith("introspect")
						? "Client authentication failed: introspection takes the resource server's client "
								+ "credentials (RS_CLIENT_ID and RS_CLIENT_SECRET, HTTP Basic)"
						: "Client authentication failed: send client_id (public clients) or client credentials");
		}
	}

	@Test
	void tokenWhenOtherResourceRequestedThenInvalidTarget() {
		Grant grant = grant();
		HttpResponse<String> refresh = this.flow.refresh(grant.clientId, grant.refreshToken(), OTHER_RESOURCE);
		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(Json.parse(refresh.body())).containsEntry("error", "invalid_target");
		// not an absolute URI without a fragment (RFC 8707 section 2): said so, not that
		// the client asked for another resource
		for (String resource : List.of(RESOURCE + "#part", "/mcp")) {
			HttpResponse<String> malformed = this.flow.refresh(grant.clientId, grant.refreshToken(), resource);
			assertThat(malformed.statusCode()).as(resource).isEqualTo(400);
			assertThat(Json.parse(malformed.body())).as(resource)
				.containsEntry("error", "invalid_target")
				.containsEntry("error_description", "The resource '" + resource
						+ "' is not served by this authorization server; this grant's is " + RESOURCE);
		}
		// quoted in the characters RFC 6749 lets a description hold
		HttpResponse<String> quoting = this.flow.refresh(grant.clientId, grant.refreshToken(),
				"https://x.example/\"\\\u00e9");
		assertThat(Json.parse(quoting.body())).containsEntry("error_description",
				"The resource 'https://x.example/???' is not served by this authorization server; this grant's is "
						+ RESOURCE);
	}

	@Test
	void introspectWhenNotResourceServerClientThenRefused() {
		Grant grant = grant();
		Map<String, Object> confidential = Json.parse(this.registration.register(
				"{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}")
			.body());
		HttpResponse<String> byOtherClient = this.flow.introspect(grant.accessToken(),
				(String) confidential.get("client_id"), (String) confidential.get("client_secret"));
		assertThat(byOtherClient.statusCode()).isEqualTo(403);
		assertThat(Json.parse(byOtherClient.body())).containsEntry("error", "unauthorized_client");
		HttpResponse<String> wrongSecret = this.flow.introspect(grant.accessToken(), RS_CLIENT_ID, "wrong");
		assertThat(wrongSecret.statusCode()).isEqualTo(401);
		assertThat(Json.parse(wrongSecret.body())).containsEntry("error", "invalid_client");
	}

	@Test
	void introspectWhenResourceServerPostsItsSecretThenAllowedAsTheMetadataAdvertises() throws Exception {
		Grant grant = grant();
		HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + "/oauth2/introspect"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + grant.accessToken() + "&client_id="
						+ java.net.URLEncoder.encode(RS_CLIENT_ID, java.nio.charset.StandardCharsets.UTF_8)
						+ "&client_secret="
						+ java.net.URLEncoder.encode(RS_CLIENT_SECRET, java.nio.charset.StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(Json.parse(response.body())).containsEntry("active", true);
	}

	@Test
	void introspectAndRevokeWhenValueIsAPendingConsentsStateOrAnUnredeemedCodeThenNoTokenNotAServerError() {
		String pendingClient = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		HttpResponse<String> toConsent = this.flow
			.authorizeSignedIn(AuthorizationCodeFlow.request(pendingClient, REDIRECT, Pkce.s256(), "s"), "pending");
		String state = AuthorizationCodeFlow.hiddenFields(this.flow.consentPage(toConsent).body(), "approve")
			.get("state");
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "unredeemed");

		for (String value : List.of(state, code)) {
			HttpResponse<String> introspection = this.flow.introspect(value, RS_CLIENT_ID, RS_CLIENT_SECRET);
			assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
			assertThat(Json.parse(introspection.body())).containsExactly(Map.entry("active", false));
			for (String revoker : List.of(pendingClient, clientId)) {
				HttpResponse<String> revocation = this.flow.revoke(revoker, value);
				assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
			}
		}
		// nothing was revoked: neither is a token
		assertThat(ok(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE))).containsKey("access_token");
	}

	@Test
	void revokeWhenAccessTokenThenInactiveAndRefreshStillWorks() {
		Grant grant = grant();
		assertThat(this.flow.revoke(grant.clientId, grant.accessToken()).statusCode()).isEqualTo(200);
		assertThat(active(grant.accessToken())).isFalse();
		// only that token went, not the grant
		Map<String, Object> refreshed = ok(this.flow.refresh(grant.clientId, grant.refreshToken(), RESOURCE));
		assertThat(active((String) refreshed.get("access_token"))).isTrue();
	}

	@Test
	void revokeWhenOtherClientsTokenThenUnauthorizedClientAndNotRevoked() {
		Grant grant = grant();
		String otherClient = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		for (String token : List.of(grant.refreshToken(), grant.accessToken())) {
			HttpResponse<String> refused = this.flow.revoke(otherClient, token);
			// not invalid_client: the other client's own authentication succeeded
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(Json.parse(refused.body())).containsEntry("error", "unauthorized_client");
		}
		assertThat(active(grant.accessToken())).isTrue();
	}

	@Test
	void tokenWhenConfidentialClientWithSecretBasicThenCodeAndRefreshWork() {
		String redirect = "https://app.example/cb";
		Map<String, Object> client = Json.parse(this.registration
			.register(
					"{\"redirect_uris\":[\"" + redirect + "\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}")
			.body());
		String clientId = (String) client.get("client_id");
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString(
					(clientId + ":" + client.get("client_secret")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, redirect, pkce, "s"), "grace");
		Browser api = new Browser();
		Map<String, Object> tokens = ok(
				api.postForm(BASE_URL + "/oauth2/token", Map.of("grant_type", "authorization_code", "code", code,
						"code_verifier", pkce.verifier(), "redirect_uri", redirect), "Authorization", basic));
		assertThat(active((String) tokens.get("access_token"))).isTrue();
		ok(api.postForm(BASE_URL + "/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", (String) tokens.get("refresh_token")),
				"Authorization", basic));
		HttpResponse<String> withoutSecret = this.flow.refresh(clientId, (String) tokens.get("refresh_token"), null);
		assertThat(withoutSecret.statusCode()).isEqualTo(401);
	}

	@Test
	void tokenWhenCodeRepeatedThenInvalidRequestForConfidentialAndPublicClients() {
		Map<String, Object> client = Json.parse(this.registration.register(
				"{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}")
			.body());
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((client.get("client_id") + ":" + client.get("client_secret"))
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String repeated = "grant_type=authorization_code&code=a&code=b&code_verifier=v&redirect_uri=https%3A%2F%2Fapp.example%2Fcb";
		HttpResponse<String> confidential = postRaw(repeated, "Authorization", basic);
		assertThat(confidential.statusCode()).as(confidential.body()).isEqualTo(400);
		assertThat(Json.parse(confidential.body())).containsEntry("error", "invalid_request");
		HttpResponse<String> publicClient = postRaw(repeated + "&client_id=" + grant().clientId);
		assertThat(publicClient.statusCode()).as(publicClient.body()).isEqualTo(400);
		assertThat(Json.parse(publicClient.body())).containsEntry("error", "invalid_request");
	}

	@Test
	void protocolEndpointsWhenMethodNotServedThen405WithAllowNotALoginRedirect() {
		Browser http = new Browser();
		Map<String, String> served = Map.of("/oauth2/token", "POST", "/oauth2/introspect", "POST", "/oauth2/revoke",
				"POST", "/oauth2/jwks", "GET,HEAD", "/.well-known/oauth-authorization-server", "GET,HEAD",
				"/.well-known/openid-configuration", "GET,HEAD", "/oauth2/authorize", "GET,POST");
		served.forEach((path, methods) -> {
			for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")) {
				if (List.of(methods.split(",")).contains(method)) {
					continue;
				}
				HttpResponse<String> response = http
					.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + path))
						.method(method, java.net.http.HttpRequest.BodyPublishers.noBody()), "Accept", Browser.HTML);
				assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
				assertThat(response.headers().firstValue("Allow")).as(method + " " + path)
					.hasValue(methods + ",OPTIONS");
				if (!method.equals("HEAD")) {
					assertThat(Json.parse(response.body())).as(method + " " + path)
						.containsEntry("error", "invalid_request");
				}
			}
			HttpResponse<String> options = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + path))
					.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
			assertThat(options.statusCode()).as("OPTIONS " + path).isEqualTo(204);
			assertThat(options.headers().firstValue("Allow")).as("OPTIONS " + path).hasValue(methods + ",OPTIONS");
		});
	}

	@Test
	void documentsWhenHeadThenTheHeadersOfGetWithoutTheBody() throws Exception {
		for (String path : List.of("/oauth2/jwks", "/.well-known/oauth-authorization-server",
				"/.well-known/openid-configuration")) {
			HttpResponse<String> get = new Browser().get(BASE_URL + path);
			// raw: an HTTP client reads no body after a HEAD, whatever was sent
			String head = RawHttp.exchange(java.net.URI.create(BASE_URL), "HEAD", path, Map.of(), null);
			assertThat(head).as(path)
				.startsWith("HTTP/1.1 200")
				.containsIgnoringCase("Content-Type: " + get.headers().firstValue("Content-Type").orElseThrow())
				.containsIgnoringCase(
						"Content-Length: " + get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
			assertThat(RawHttp.body(head)).as(path).isEmpty();
		}
	}

	@Test
	void tokenWhenPublicClientAsksForAGrantNotServedThenThatGrantsErrorNotInvalidClient() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Map<String, String> expected = Map.of("urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=d",
				"unsupported_grant_type", "password&username=u&password=p", "unsupported_grant_type",
				"client_credentials", "unauthorized_client");
		expected.forEach((grant, error) -> {
			HttpResponse<String> response = postRaw("grant_type=" + grant + "&client_id=" + clientId);
			assertThat(response.statusCode()).as(grant + ": " + response.body()).isEqualTo(400);
			assertThat(Json.parse(response.body())).as(grant).containsEntry("error", error);
		});
	}

	@Test
	void tokenWhenPublicClientSendsNoCodeVerifierOrNoGrantTypeThenThatErrorNotInvalidClient() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "grace");
		// RFC 7636 §4.6: a code whose request had a challenge needs its verifier
		Map<String, String> expected = Map.of(
				"grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT, "invalid_grant",
				"code=" + code, "invalid_request");
		expected.forEach((form, error) -> {
			HttpResponse<String> response = postRaw(form + "&client_id=" + clientId);
			assertThat(response.statusCode()).as(form + ": " + response.body()).isEqualTo(400);
			assertThat(Json.parse(response.body())).as(form).containsEntry("error", error);
		});
	}

	@Test
	void clientEndpointsWhenPathMistypedThen404NotALoginRedirect() {
		Browser http = new Browser();
		for (String path : List.of("/oauth2/token/", "/oauth2/introspect/", "/oauth2/tokens", "/oauth2/")) {
			HttpResponse<String> response = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + path))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.headers().firstValue("Location")).as(path).isEmpty();
		}
	}

	@Test
	void endpointsNotOfferedWhenPostedThen404WhateverTheClientAuthentication() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Browser http = new Browser();
		for (String path : List.of("/oauth2/par", "/oauth2/device_authorization")) {
			for (String form : List.of("", "client_id=" + clientId)) {
				HttpResponse<String> response = http
					.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + path))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)));
				assertThat(response.statusCode()).as(path + " " + form + ": " + response.body()).isEqualTo(404);
				assertThat(response.headers().firstValue("Content-Type")).as(path)
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
				assertThat(Json.parse(response.body())).as(path).containsKey("error");
			}
		}
	}

	@Test
	void tokenWhenTheFormIsLargerThan16KilobytesThen413OAuthError() {
		String padding = "&padding=" + "x".repeat(16 * 1024);
		HttpResponse<String> large = postRaw("grant_type=client_credentials" + padding);
		assertThat(large.statusCode()).as(large.body()).isEqualTo(413);
		assertThat(Json.parse(large.body())).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "The request is too large");
		// a form just within the limit is read: refused for what it says, not its size
		HttpResponse<String> within = postRaw(
				"grant_type=client_credentials" + padding.substring(0, 16 * 1024 - 100).replace("x", "y"));
		assertThat(within.statusCode()).as(within.body()).isEqualTo(401);
	}

	@Test
	void jwksWhenReadThenJsonWithoutALatin1Charset() {
		HttpResponse<String> jwks = new Browser().get(BASE_URL + "/oauth2/jwks");
		assertThat(jwks.statusCode()).isEqualTo(200);
		assertThat(jwks.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json")
			.doesNotContainIgnoringCase("ISO-8859-1");
	}

	private static HttpResponse<String> postRaw(String form, String... headers) {
		return new Browser().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE_URL + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)), headers);
	}

	private boolean active(String token) {
		HttpResponse<String> response = this.flow.introspect(token, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return Boolean.TRUE.equals(Json.parse(response.body()).get("active"));
	}

	private static Map<String, Object> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Json.parse(response.body());
	}

	/** The answers of {@code count} requests released at the same moment, in order. */
	private static List<HttpResponse<String>> atOnce(int count,
			java.util.function.Function<AuthorizationCodeFlow, HttpResponse<String>> request) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<HttpResponse<String>> answers = new java.util.ArrayList<>();
		try (java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors
			.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<HttpResponse<String>>> requests = java.util.stream.IntStream.range(0, count)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return request.apply(new AuthorizationCodeFlow(BASE_URL));
				}, threads))
				.toList();
			start.countDown();
			for (CompletableFuture<HttpResponse<String>> answer : requests) {
				answers.add(answer.get());
			}
		}
		return answers;
	}

	private Grant grant() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "grace");
		Map<String, Object> tokens = ok(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE));
		return new Grant(clientId, code, pkce, tokens);
	}

	private record Grant(String clientId, String code, Pkce pkce, Map<String, Object> tokens) {

		String accessToken() {
			return (String) this.tokens.get("access_token");
		}

		String refreshToken() {
			return (String) this.tokens.get("refresh_token");
		}

	}

}
