package com.defernowork.gateway.auth.vault;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * Around the {@code OAuth2AuthorizationService}: saving a grant of a person signed in through Deferno binds the
 * sign-in's vault entry to the grant for the grant's lifetime; removing it, or invalidating all its tokens
 * (revocation, code or refresh-token replay), deletes the entry.
 */
final class VaultBindingInterceptor implements MethodInterceptor {

	private final ObjectProvider<TokenVault> vault;

	/** The store's own rule, so the entry lives exactly as long as the authorization it belongs to. */
	private final ObjectProvider<AuthorizationLifetime> lifetime;

	private final Clock clock;

	VaultBindingInterceptor(ObjectProvider<TokenVault> vault, ObjectProvider<AuthorizationLifetime> lifetime,
			Clock clock) {
		this.vault = vault;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		Object[] args = invocation.getArguments();
		if (args.length == 1 && args[0] instanceof OAuth2Authorization authorization) {
			switch (invocation.getMethod().getName()) {
				case "save" -> saved(authorization);
				case "remove" -> this.vault.getObject().deleteGrant(authorization.getId());
				default -> {
				}
			}
		}
		return result;
	}

	private void saved(OAuth2Authorization authorization) {
		TokenVault vault = this.vault.getObject();
		if (allTokensInvalidated(authorization)) {
			vault.deleteGrant(authorization.getId());
			return;
		}
		String handle = (authorization.getAttribute(Principal.class.getName()) instanceof DefernoAuthenticationToken
				person) ? person.getUpstreamHandle() : null;
		vault.bindGrant(handle, authorization.getId(), lifetime(authorization));
	}

	private static boolean allTokensInvalidated(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<?> access = authorization.getAccessToken();
		OAuth2Authorization.Token<?> refresh = authorization.getRefreshToken();
		if (access == null && refresh == null) {
			return false;
		}
		return (access == null || access.isInvalidated()) && (refresh == null || refresh.isInvalidated());
	}

	private Duration lifetime(OAuth2Authorization authorization) {
		Instant now = this.clock.instant();
		return Duration.between(now, this.lifetime.getObject().expiresAt(authorization, now));
	}

}
