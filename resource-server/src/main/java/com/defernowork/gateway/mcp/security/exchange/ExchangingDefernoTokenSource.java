package com.defernowork.gateway.mcp.security.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.defernowork.gateway.mcp.deferno.client.DefernoTokenSource;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.security.CurrentBearerToken;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.mcp.security.ReauthenticationSignal;
import com.defernowork.gateway.mcp.security.TokenKeys;
import com.defernowork.gateway.mcp.security.exchange.AuthServerClient.ExchangeRefusedException;
import com.defernowork.gateway.mcp.security.exchange.AuthServerClient.ExchangedToken;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.RestClientException;

/**
 * The user's Deferno token for the current MCP request, obtained by token exchange at the authorization server and
 * cached per MCP token no longer than the lesser of both tokens' lifetimes and the configured ceiling. The MCP
 * client's own token never reaches Deferno: MCP forbids passing a client's token through to an upstream API.
 */
public final class ExchangingDefernoTokenSource implements DefernoTokenSource {

	private static final Logger logger = LoggerFactory.getLogger(ExchangingDefernoTokenSource.class);

	private final AuthServerClient authServer;

	private final Duration ceiling;

	private final Clock clock;

	private final Cache<String, Entry> cache;

	public ExchangingDefernoTokenSource(AuthServerClient authServer, McpSecurityProperties.Cache settings,
			Clock clock) {
		this.authServer = authServer;
		this.ceiling = settings.exchangeCeiling();
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumSize(settings.maximumSize())
			.expireAfter(Expiry.creating((String key, Entry entry) -> entry.ttl()))
			.build();
	}

	@Override
	public String currentToken() {
		CurrentBearerToken mcpToken = CurrentBearerToken.get()
			.orElseThrow(() -> new DefernoTokenUnavailableException(
					"This request carries no MCP access token to exchange for a Deferno token"));
		return this.cache.get(TokenKeys.of(mcpToken.value()), (key) -> exchange(mcpToken)).token();
	}

	/** Forgets the Deferno token exchanged for this MCP token. */
	public void invalidate(String mcpAccessToken) {
		this.cache.invalidate(TokenKeys.of(mcpAccessToken));
	}

	private Entry exchange(CurrentBearerToken mcpToken) {
		try {
			ExchangedToken exchanged = this.authServer.exchange(mcpToken.value());
			return new Entry(exchanged.value(), ttl(exchanged.expiresIn(), mcpToken.expiresAt()));
		}
		catch (ExchangeRefusedException ex) {
			// the grant is gone or has no Deferno token behind it: only a new sign-in helps
			ReauthenticationSignal.raise();
			throw new DefernoTokenUnavailableException(
					"The authorization server no longer has a Deferno sign-in for this session (" + ex.errorCode()
							+ "); sign in again",
					ex);
		}
		catch (RestClientException ex) {
			logger.warn("Token exchange at the authorization server failed: {}", ex.getMessage());
			throw new DefernoTokenUnavailableException(
					"The authorization server could not be reached for a Deferno token; try again shortly", ex);
		}
	}

	private Duration ttl(Duration expiresIn, Instant mcpExpiresAt) {
		Duration ttl = this.ceiling;
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

	private record Entry(String token, Duration ttl) {
	}

}
