package com.defernowork.gateway.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.stereotype.Component;

/**
 * The refresh grant with rotation and reuse detection. Every refresh rotates the refresh token (the store keeps
 * the replaced one findable, see {@link RotatedRefreshToken}). A replaced token presented within
 * {@code auth.tokens.refresh-reuse-grace} gets a new access token and the current refresh token, so two
 * concurrent refreshes both succeed, on one instance or several ({@link GrantLocks}); presented later it means the token leaked, and the whole grant is revoked.
 */
@Component
public final class RefreshTokenRotation implements AuthenticationProvider {

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2RefreshTokenAuthenticationProvider refreshGrant;

	private final Duration grace;

	private final GrantLocks locks;

	private final Clock clock;

	@Autowired
	RefreshTokenRotation(OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
			GrantLocks locks, AuthProperties properties, ObjectProvider<Clock> clock) {
		this(authorizations, tokenGenerator, locks, properties.tokens().refreshReuseGrace(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	RefreshTokenRotation(OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
			GrantLocks locks, Duration grace, Clock clock) {
		this.authorizations = authorizations;
		this.refreshGrant = new OAuth2RefreshTokenAuthenticationProvider(authorizations, tokenGenerator);
		this.locks = locks;
		this.grace = grace;
		this.clock = clock;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2RefreshTokenAuthenticationToken request = (OAuth2RefreshTokenAuthenticationToken) authentication;
		OAuth2Authorization found = this.authorizations.findByToken(request.getRefreshToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		if (found == null) {
			throw invalidGrant("The refresh token is invalid, expired or revoked");
		}
		// one refresh per grant at a time across instances, so a concurrent twin sees the finished rotation
		try {
			return refreshLocked(request, found.getId());
		}
		catch (GrantBusyException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error("temporarily_unavailable",
					"Another refresh of this grant is still running; retry in a moment", null), ex);
		}
	}

	private Authentication refreshLocked(OAuth2RefreshTokenAuthenticationToken request, String authorizationId) {
		return this.locks.withLock(authorizationId, () -> {
			OAuth2Authorization view = this.authorizations.findByToken(request.getRefreshToken(),
					OAuth2TokenType.REFRESH_TOKEN);
			if (view == null) {
				throw invalidGrant("The refresh token is invalid, expired or revoked");
			}
			Instant rotatedAt = RotatedRefreshToken.rotatedAt(view);
			if (rotatedAt == null) {
				return this.refreshGrant.authenticate(request);
			}
			return reused(request, view, rotatedAt);
		});
	}

	private Authentication reused(OAuth2RefreshTokenAuthenticationToken request, OAuth2Authorization view,
			Instant rotatedAt) {
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) request.getPrincipal();
		RegisteredClient registered = (client != null) ? client.getRegisteredClient() : null;
		if (registered == null || !registered.getId().equals(view.getRegisteredClientId())) {
			throw invalidGrant("The refresh token is invalid, expired or revoked");
		}
		OAuth2Authorization current = this.authorizations.findById(view.getId());
		OAuth2Authorization.Token<?> currentRefresh = (current != null) ? current.getRefreshToken() : null;
		if (this.clock.instant().isAfter(rotatedAt.plus(this.grace)) || currentRefresh == null
				|| !currentRefresh.isActive()) {
			this.authorizations.remove(view);
			throw invalidGrant("The refresh token was already used; the grant is revoked, authorize again");
		}
		// within the grace window: a new access token, and the refresh token the first request received
		RegisteredClient keepingRefreshToken = RegisteredClient.from(registered)
			.tokenSettings(TokenSettings.withSettings(registered.getTokenSettings().getSettings())
				.reuseRefreshTokens(true)
				.build())
			.build();
		OAuth2ClientAuthenticationToken principal = new OAuth2ClientAuthenticationToken(keepingRefreshToken,
				client.getClientAuthenticationMethod(), client.getCredentials());
		return this.refreshGrant.authenticate(new OAuth2RefreshTokenAuthenticationToken(
				currentRefresh.getToken().getTokenValue(), principal, request.getScopes(),
				request.getAdditionalParameters()));
	}

	private static OAuth2AuthenticationException invalidGrant(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
	}

}
