package com.defernowork.gateway.mcp.security.exchange;

import com.defernowork.gateway.mcp.deferno.client.DefernoUnauthorizedListener;
import com.defernowork.gateway.mcp.security.CachingOpaqueTokenIntrospector;
import com.defernowork.gateway.mcp.security.CurrentBearerToken;
import com.defernowork.gateway.mcp.security.ReauthenticationSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.client.RestClientException;

/**
 * Deferno refused the token exchanged for this request's MCP token, on a call and again
 * at {@code /auth/me} (the Deferno client asks before telling listeners): the upstream
 * sign-in is dead. Forget both cached answers for the MCP token, revoke its grant at the
 * authorization server (so the refresh token stops working too) and have the MCP answer
 * replaced by a 401, which sends the client through sign-in again. The log names the
 * person, never a token: RFC 7009 carries no reason, so this line says why.
 */
public final class GrantRevokingUnauthorizedListener implements DefernoUnauthorizedListener {

	private static final Logger logger = LoggerFactory.getLogger(GrantRevokingUnauthorizedListener.class);

	private final AuthServerClient authServer;

	private final ExchangingDefernoTokenSource tokenSource;

	private final ObjectProvider<CachingOpaqueTokenIntrospector> introspector;

	public GrantRevokingUnauthorizedListener(AuthServerClient authServer, ExchangingDefernoTokenSource tokenSource,
			ObjectProvider<CachingOpaqueTokenIntrospector> introspector) {
		this.authServer = authServer;
		this.tokenSource = tokenSource;
		this.introspector = introspector;
	}

	@Override
	public void onUnauthorized() {
		CurrentBearerToken.get().ifPresent((token) -> {
			try {
				// revoked first: a concurrent call must not re-cache the token as active
				// in between
				this.authServer.revoke(token.value());
				logger.info("Revoked the grant of {} because Deferno refused its token twice (on a call and at "
						+ "/auth/me); the client is asked to sign in again", person());
			}
			catch (RestClientException ex) {
				// the 401 below still makes the client sign in; the grant then ends with
				// its tokens' lifetimes
				logger.warn("Revoking the grant after Deferno refused its token failed: {}", ex.getMessage());
			}
			finally {
				this.tokenSource.invalidate(token.value());
				this.introspector.ifAvailable((cache) -> cache.invalidate(token.value()));
			}
		});
		// the grant is revoked (or will lapse): a refresh cannot help
		ReauthenticationSignal.raise("Deferno no longer accepts this sign-in; sign in again to continue");
	}

	/** The person's Deferno id (the token's {@code sub}). */
	private static String person() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "an unknown person";
	}

}
