package com.defernowork.gateway.auth.vault;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.model.exchange.TokenExchange;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real deferno-sandbox and Redis: a grant whose Deferno token Redis lost (its
 * vault entry and its sign-in's evicted, as under {@code allkeys-lru}, or lost in a
 * failover) gets no more tokens and ends, so that its client signs the person in again
 * instead of refreshing into tokens every tool call refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "auth.storage=redis")
@DirtiesContext
class LostDefernoTokenIT {

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox").env("SANDBOX_PORT", "0").start();

	private static final String BASE_URL = "http://127.0.0.1:" + FreePorts.next();

	private static final String RESOURCE = "http://localhost:8001/mcp";

	private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

	private static final String RS_ID = "rs-lost";

	private static final String RS_SECRET = "rs-lost-secret-0123456789-abcdefghij-klmnop";

	private static final String REDIS_PREFIX = TestRedis.uniquePrefix("lost-vault-it");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> URI.create(BASE_URL).getPort());
		registry.add("auth.issuer", () -> BASE_URL);
		registry.add("auth.resources", () -> RESOURCE);
		registry.add("auth.rs-client.id", () -> RS_ID);
		registry.add("auth.rs-client.secret", () -> RS_SECRET);
		registry.add("auth.vault.key", () -> RunningAuthServer.VAULT_KEY);
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("auth.redis.key-prefix", () -> REDIS_PREFIX);
		registry.add("auth.upstream.deferno-base-url", () -> sandbox.baseUrl() + "/api");
	}

	@AfterAll
	static void stop() {
		sandbox.close();
		AuthServerTestBase.deleteKeys(REDIS_PREFIX);
	}

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private StringRedisTemplate redis;

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	@Test
	void refreshWhenRedisLostTheGrantsDefernoTokenThenInvalidGrantAndTheGrantGone() {
		Connected app = connect();
		// a rotation as ever while the token is there
		HttpResponse<String> rotated = this.flow.refresh(app.clientId(), app.refreshToken(), RESOURCE);
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		String refreshToken = (String) Json.parse(rotated.body()).get("refresh_token");
		String accessToken = (String) Json.parse(rotated.body()).get("access_token");
		assertThat(exchange(accessToken).statusCode()).isEqualTo(200);

		evictVaultEntries(app.grant());
		HttpResponse<String> refused = this.flow.refresh(app.clientId(), refreshToken, RESOURCE);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(Json.parse(refused.body())).containsEntry("error", "invalid_grant")
			.containsEntry("error_description", VaultBoundAuthorizationService.SIGN_IN_LOST);
		assertThat(this.authorizations.findById(app.grant().getId())).isNull();
		assertThat(Json.parse(this.flow.introspect(accessToken, RS_ID, RS_SECRET).body())).containsEntry("active",
				false);
		assertThat(this.flow.refresh(app.clientId(), refreshToken, RESOURCE).statusCode()).isEqualTo(400);
		assertThat(this.redis.keys(REDIS_PREFIX + "*" + app.grant().getId() + "*")).isEmpty();
	}

	@Test
	void exchangeWhenRedisLostTheGrantsDefernoTokenThenRefusedTheGrantEndedAndItsRefreshRefused() {
		Connected app = connect();
		evictVaultEntries(app.grant());

		HttpResponse<String> exchanged = exchange(app.accessToken());

		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(400);
		assertThat(Json.parse(exchanged.body())).containsEntry("error", "invalid_request")
			.containsEntry("error_uri", TokenExchange.SUBJECT_TOKEN_REFUSED_URI);
		assertThat(this.authorizations.findById(app.grant().getId())).isNull();
		// the resource server told the client to refresh or sign in again: the refresh
		// fails, rather than handing out tokens for the same missing sign-in
		HttpResponse<String> refresh = this.flow.refresh(app.clientId(), app.refreshToken(), RESOURCE);
		assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
		assertThat(Json.parse(refresh.body())).containsEntry("error", "invalid_grant");
	}

	/**
	 * A person signed in at the sandbox and approved a new client, which redeemed its
	 * code.
	 */
	private Connected connect() {
		String clientId = (String) new RegistrationClient(BASE_URL).registerPublic(REDIRECT_URI).get("client_id");
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT_URI, pkce, "s1");
		request.put("scope", "tasks:read");
		request.put("resource", RESOURCE);
		URI back = this.flow.codeThroughSignInPage(request, "alice", "sandbox");
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, Browser.query(back.toString()).get("code"), pkce,
				REDIRECT_URI, RESOURCE);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> issued = Json.parse(tokens.body());
		String accessToken = (String) issued.get("access_token");
		OAuth2Authorization grant = this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		return new Connected(clientId, grant, accessToken, (String) issued.get("refresh_token"));
	}

	/** As Redis evicts them: the grant's copy of the token and its sign-in's. */
	private void evictVaultEntries(OAuth2Authorization grant) {
		String grantEntry = REDIS_PREFIX + "vault:grant:" + grant.getId();
		String signInEntry = REDIS_PREFIX + "vault:sign-in:" + VaultBoundAuthorizationService.signInHandle(grant);
		assertThat(this.redis.delete(grantEntry)).isTrue();
		assertThat(this.redis.delete(signInEntry)).isTrue();
	}

	private HttpResponse<String> exchange(String accessToken) {
		return new Browser().postForm(BASE_URL + "/oauth2/token",
				Map.of("grant_type", TokenExchange.GRANT_TYPE, "subject_token", accessToken, "subject_token_type",
						TokenExchange.ACCESS_TOKEN_TYPE, "requested_token_type", TokenExchange.DEFERNO_TOKEN_TYPE,
						"resource", RESOURCE),
				"Authorization", AuthorizationCodeFlow.basic(RS_ID, RS_SECRET));
	}

	private record Connected(String clientId, OAuth2Authorization grant, String accessToken, String refreshToken) {
	}

}
