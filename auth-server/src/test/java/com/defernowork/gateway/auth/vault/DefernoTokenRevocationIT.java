package com.defernowork.gateway.auth.vault;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.auth.support.SignOut;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.Pkce;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real deferno-sandbox and Redis: the personal access token a native sign-in
 * redeems stays valid at Deferno while the sign-in or a grant holds it, and is revoked
 * there once neither does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "auth.storage=redis")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DefernoTokenRevocationIT {

	static final AppProcess sandbox = AppProcess.of("deferno-sandbox").env("SANDBOX_PORT", "0").start();

	private static final String BASE_URL = "http://127.0.0.1:" + FreePorts.next();

	private static final String RESOURCE = "http://localhost:8001/mcp";

	private static final String REDIS_PREFIX = TestRedis.uniquePrefix("revocation-it");

	private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> URI.create(BASE_URL).getPort());
		registry.add("auth.issuer", () -> BASE_URL);
		registry.add("auth.resources", () -> RESOURCE);
		registry.add("auth.rs-client.id", () -> "rs-revocation");
		registry.add("auth.rs-client.secret", () -> "rs-revocation-secret-0123456789-abcdefghij");
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

	private final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private TokenVault vault;

	@Autowired
	private DefernoTokenSweep sweep;

	@Autowired
	private MeterRegistry meters;

	private final Browser deferno = new Browser();

	@Test
	void revokeWhenTheLastGrantOfASignedOutPersonEndsThenItsDefernoTokenIsRevokedAtDeferno(CapturedOutput output) {
		String clientId = (String) new RegistrationClient(BASE_URL).registerPublic(REDIRECT_URI).get("client_id");
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT_URI, pkce, "s1");
		request.put("scope", "tasks:read");
		request.put("resource", RESOURCE);
		URI back = this.flow.codeThroughSignInPage(request, "alice", "sandbox");
		String code = Browser.query(back.toString()).get("code");
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, code, pkce, REDIRECT_URI, RESOURCE);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> issued = Json.parse(tokens.body());
		OAuth2Authorization grant = this.authorizations.findByToken((String) issued.get("access_token"),
				OAuth2TokenType.ACCESS_TOKEN);
		String pat = this.vault.forGrant(grant.getId()).orElseThrow().token();
		assertThat(defernoAnswers(pat)).isEqualTo(200);

		SignOut.of(this.flow.browser(), BASE_URL);
		this.sweep.sweep();
		assertThat(defernoAnswers(pat)).as("the grant still holds it").isEqualTo(200);

		HttpResponse<String> revoked = this.flow.revoke(clientId, (String) issued.get("refresh_token"));
		assertThat(revoked.statusCode()).isEqualTo(200);
		double revokedBefore = revokedCount();
		this.sweep.sweep();
		assertThat(defernoAnswers(pat)).isEqualTo(401);
		assertThat(revokedCount() - revokedBefore).isEqualTo(1);
		assertThat(output.getAll())
			.containsPattern("\\{\"event\":\"deferno_token.revoked\",\"user\":\"" + grant.getPrincipalName()
					+ "\",\"token_id\":\"[^\"]+\",\"outcome\":\"revoked\"}")
			.doesNotContain(pat);
	}

	private double revokedCount() {
		return this.meters.counter("gateway.auth.deferno.tokens.revoked", "outcome", "revoked").count();
	}

	private int defernoAnswers(String token) {
		return this.deferno.get(sandbox.baseUrl() + "/api/auth/me", "Authorization", "Bearer " + token).statusCode();
	}

}
