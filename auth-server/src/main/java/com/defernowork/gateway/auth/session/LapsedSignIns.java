package com.defernowork.gateway.auth.session;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session whose Deferno token has left the vault (kept for a sign-in's
 * approvals for a fixed time, while an active session may last longer) is no sign-in: it
 * ends here, before the authorization endpoint could approve a grant that would have no
 * Deferno token and fail at the first tool call. The person signs in again. Only a
 * missing entry counts: one this server cannot open (a key it lacks) would otherwise send
 * a fresh sign-in round in circles.
 */
public final class LapsedSignIns extends OncePerRequestFilter {

	private final TokenVault vault;

	private final RequestMatcher authorizationRequests;

	public LapsedSignIns(TokenVault vault, String authorizationEndpoint) {
		this.vault = vault;
		this.authorizationRequests = PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.GET, authorizationEndpoint);
	}

	/**
	 * The authorization request only: the other endpoints here are for clients, which
	 * have no session, and a consent posted next is for a grant that already holds its
	 * copy of the token.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.authorizationRequests.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		if (current instanceof DefernoAuthenticationToken person && person.getUpstreamHandle() != null
				&& !this.vault.hasSignIn(person.getUpstreamHandle())) {
			new SecurityContextLogoutHandler().logout(request, response, current);
		}
		chain.doFilter(request, response);
	}

}
