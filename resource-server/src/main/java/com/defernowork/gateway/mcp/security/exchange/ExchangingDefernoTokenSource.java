package com.defernowork.gateway.mcp.security.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import com.defernowork.gateway.mcp.deferno.client.CallDeadline;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenSource;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerFailureLog;
import com.defernowork.gateway.mcp.security.CurrentBearerToken;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.mcp.security.ReauthenticationSignal;
import com.defernowork.gateway.mcp.security.TokenAnswerCache;
import com.defernowork.gateway.mcp.security.TokenAnswerCache.Timed;
import com.defernowork.gateway.mcp.security.exchange.AuthServerClient.ExchangeRefusedException;
import com.defernowork.gateway.mcp.security.exchange.AuthServerClient.ExchangedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.RestClientException;

/**
 * The user's Deferno token for the current MCP request, obtained by token exchange at the
 * authorization server and cached per MCP token no longer than the lesser of both tokens'
 * lifetimes and the configured ceiling, exchanged at most once at a time per MCP token
 * ({@link TokenAnswerCache}). A refusal is remembered for the negative TTL, a failure to
 * reach the authorization server for the error TTL. The MCP client's own token never
 * reaches Deferno: MCP forbids passing a client's token through to an upstream API.
 */
public final class ExchangingDefernoTokenSource implements DefernoTokenSource {

	private static final Logger logger = LoggerFactory.getLogger(ExchangingDefernoTokenSource.class);

	private static final String UNREACHABLE = "The authorization server could not give a Deferno token right now "
			+ "(unreachable, or unable to serve); try again shortly";

	/** A configuration being changed, or a mistake: either way no sign-in mends it. */
	static final String CREDENTIALS_REFUSED = "The gateway's authorization server does not accept this MCP server's "
			+ "credentials right now (a change of them under way, or a mistake only the gateway's operator can mend); "
			+ "try again later";

	/** The refusal noted for an exchange answered 401: this server's credentials. */
	private static final String INVALID_CLIENT = "invalid_client";

	/**
	 * What a refused exchange tells this server: the grant holds no usable Deferno
	 * sign-in any more (revoked, its Deferno credential expired, or lost with the
	 * authorization server's store). Deferno was not asked, so it is not blamed.
	 */
	static final String GRANT_GONE = "the gateway no longer holds a Deferno sign-in for this token (replaced by a "
			+ "refresh, revoked, expired or lost)";

	private final AuthServerClient authServer;

	private final McpSecurityProperties.Cache settings;

	private final Clock clock;

	private final TokenAnswerCache<Exchange> cache;

	private final AuthServerFailureLog failures;

	/** Forgets an MCP token's cached introspection, which still says it is active. */
	private final Consumer<String> forgetIntrospection;

	public ExchangingDefernoTokenSource(AuthServerClient authServer, McpSecurityProperties.Cache settings,
			TokenAnswerCache<Exchange> cache, Clock clock, Consumer<String> forgetIntrospection) {
		this.authServer = authServer;
		this.settings = settings;
		this.cache = cache;
		this.clock = clock;
		this.forgetIntrospection = forgetIntrospection;
		this.failures = new AuthServerFailureLog(logger, "Token exchange", clock);
	}

	@Override
	public String currentToken() {
		CurrentBearerToken mcpToken = CurrentBearerToken.get()
			.orElseThrow(() -> new DefernoTokenUnavailableException(
					"This request carries no MCP access token to exchange for a Deferno token"));
		// within a tool call, no longer than what is left of its time
		Exchange exchange = this.cache.get(mcpToken.value(), (token) -> exchange(mcpToken), CallDeadline.remaining())
			.orElseThrow(() -> new DefernoTokenUnavailableException(UNREACHABLE));
		if (exchange.grantGone()) {
			// the grant is gone: only a new sign-in helps; raised on the request's own
			// thread, where the response filter looks for it. The token's cached
			// introspection would pass it on other requests (ping, tools/list) until it
			// expired: it is asked about again
			this.forgetIntrospection.accept(mcpToken.value());
			// a client that sent a token a refresh replaced may still hold the new pair
			ReauthenticationSignal.raise(GRANT_GONE + "; refresh the token, or sign in again, to continue");
			throw DefernoTokenUnavailableException.signInAgain(GRANT_GONE + " (" + exchange.refusal() + ")");
		}
		if (INVALID_CLIENT.equals(exchange.refusal())) {
			throw new DefernoTokenUnavailableException(CREDENTIALS_REFUSED);
		}
		if (exchange.refusal() != null) {
			// any other refusal (unauthorized_client, invalid_target, a fault in the
			// request) is this server's configuration or version, which no sign-in mends
			throw new DefernoTokenUnavailableException("the authorization server refused this server's token exchange ("
					+ exchange.refusal() + "); the operator must check RS_CLIENT_ID and the auth server's log");
		}
		if (exchange.token() == null) {
			throw new DefernoTokenUnavailableException(UNREACHABLE);
		}
		return exchange.token();
	}

	/** Forgets the Deferno token exchanged for this MCP token. */
	public void invalidate(String mcpAccessToken) {
		this.cache.invalidate(mcpAccessToken);
	}

	private Timed<Exchange> exchange(CurrentBearerToken mcpToken) {
		try {
			ExchangedToken exchanged = this.authServer.exchange(mcpToken.value());
			// not refreshed ahead: each exchange may mint a Deferno token, and one every
			// few minutes costs little
			return Timed.expiring(new Exchange(exchanged.value(), null, false),
					ttl(exchanged.expiresIn(), mcpToken.expiresAt()));
		}
		catch (ExchangeRefusedException ex) {
			if (!ex.subjectTokenRefused()) {
				this.failures.failed(ex);
			}
			return Timed.expiring(new Exchange(null, ex.errorCode(), ex.subjectTokenRefused()),
					this.settings.negativeTtl());
		}
		catch (RestClientException ex) {
			this.failures.failed(ex);
			String refusal = AuthServerAnswers.isCredentialRefusal(ex) ? INVALID_CLIENT : null;
			return Timed.failure(new Exchange(null, refusal, false), this.settings.errorTtl());
		}
	}

	private Duration ttl(Duration expiresIn, Instant mcpExpiresAt) {
		Duration ttl = this.settings.exchangeCeiling();
		if (expiresIn != null && expiresIn.compareTo(ttl) < 0) {
			ttl = expiresIn;
		}
		if (mcpExpiresAt != null) {
			Duration remaining = Duration.between(this.clock.instant(), mcpExpiresAt);
			if (remaining.compareTo(ttl) < 0) {
				ttl = remaining.isNegative() ? Duration.ZERO : remaining;
			}
		}
		return ttl;
	}

	/**
	 * What an exchange came to: the Deferno token, the OAuth error code of a refusal, or
	 * neither (no answer).
	 *
	 * @param token the Deferno token, if exchanged
	 * @param refusal the authorization server's error code, if refused
	 * @param grantGone whether the refusal was of the MCP token itself
	 */
	public record Exchange(String token, String refusal, boolean grantGone) {
	}

}
