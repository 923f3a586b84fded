package com.defernowork.gateway.auth.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import com.defernowork.gateway.auth.vault.DefernoTokenSweep;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.Pkce;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Deferno token's life at a gateway in front of the real sandbox: a person signs in and
 * approves a client, signs out (the grant still holds the token, so a sweep keeps it
 * valid at Deferno), then the client revokes its grant and a sweep revokes the token at
 * Deferno, counted once as {@code revoked}.
 */
public final class DefernoTokenLifecycle {

	private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

	private final String baseUrl;

	private final String resource;

	private final String defernoApi;

	private final OAuth2AuthorizationService authorizations;

	private final TokenVault vault;

	private final DefernoTokenSweep sweep;

	private final MeterRegistry meters;

	private final AuthorizationCodeFlow flow;

	private final Browser deferno = new Browser();

	public DefernoTokenLifecycle(String baseUrl, String resource, String defernoApi,
			OAuth2AuthorizationService authorizations, TokenVault vault, DefernoTokenSweep sweep,
			MeterRegistry meters) {
		this.baseUrl = baseUrl;
		this.resource = resource;
		this.defernoApi = defernoApi;
		this.authorizations = authorizations;
		this.vault = vault;
		this.sweep = sweep;
		this.meters = meters;
		this.flow = new AuthorizationCodeFlow(baseUrl);
	}

	/**
	 * Runs it, signing in with {@code password} where the connector asks for one; returns
	 * whose token it was and the token.
	 */
	public Revoked run(String password) {
		String clientId = (String) new RegistrationClient(this.baseUrl).registerPublic(REDIRECT_URI).get("client_id");
		Pkce pkce = Pkce.s256();
		Map<String, String> request = AuthorizationCodeFlow.request(clientId, REDIRECT_URI, pkce, "s1");
		request.put("scope", "tasks:read");
		request.put("resource", this.resource);
		URI back = this.flow.codeThroughSignInPage(request, "alice", password);
		String code = Browser.query(back.toString()).get("code");
		HttpResponse<String> tokens = this.flow.exchangeCode(clientId, code, pkce, REDIRECT_URI, this.resource);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> issued = Json.parse(tokens.body());
		OAuth2Authorization grant = this.authorizations.findByToken((String) issued.get("access_token"),
				OAuth2TokenType.ACCESS_TOKEN);
		String token = this.vault.forGrant(grant.getId()).orElseThrow().token();
		assertThat(defernoAnswers(token)).isEqualTo(200);

		SignOut.of(this.flow.browser(), this.baseUrl);
		this.sweep.sweep();
		assertThat(defernoAnswers(token)).as("the grant still holds it").isEqualTo(200);

		assertThat(this.flow.revoke(clientId, (String) issued.get("refresh_token")).statusCode()).isEqualTo(200);
		double revokedBefore = revokedCount();
		this.sweep.sweep();
		assertThat(defernoAnswers(token)).isEqualTo(401);
		assertThat(revokedCount() - revokedBefore).as("counted revoked, not gone or refused").isEqualTo(1);
		return new Revoked(grant.getPrincipalName(), token);
	}

	private double revokedCount() {
		return this.meters.counter("gateway.auth.deferno.tokens.revoked", "outcome", "revoked").count();
	}

	private int defernoAnswers(String token) {
		return this.deferno.get(this.defernoApi + "/auth/me", "Authorization", "Bearer " + token).statusCode();
	}

	/** Whose Deferno token was revoked, and the token. */
	public record Revoked(String user, String token) {
	}

}
