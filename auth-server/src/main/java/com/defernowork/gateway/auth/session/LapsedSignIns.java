package com.defernowork.gateway.auth.session;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.ConsentFormPost;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session uses its sign-in's Deferno token at the authorization endpoint only
 * (a grant approved gets its own copy): each authorization request and consent answer of
 * the session holds the token for the session's idle timeout more
 * ({@link TokenVault#holdSignIn}), so that it is let go about when the session ends,
 * however the session ends. A session whose token has left the vault (it idled out at the
 * authorization endpoint while the connected-apps page kept the session alive, reached
 * the sign-in's limit, or a Deny ended it) is no sign-in: it ends at its next
 * authorization request, before the authorization endpoint could approve a grant that
 * would have no Deferno token, and the person signs in again. Only a missing entry
 * counts: one this server cannot open (a key it lacks) would otherwise send a fresh
 * sign-in round in circles.
 */
public final class LapsedSignIns extends OncePerRequestFilter {

	private final TokenVault vault;

	private final Duration signedInTimeout;

	private final RequestMatcher authorizationEndpoint;

	public LapsedSignIns(TokenVault vault, String authorizationEndpoint, Duration signedInTimeout) {
		this.vault = vault;
		this.signedInTimeout = signedInTimeout;
		this.authorizationEndpoint = PathPatternRequestMatcher.withDefaults().matcher(authorizationEndpoint);
	}

	/**
	 * The authorization endpoint only: the other endpoints here are for clients, which
	 * have no session.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.authorizationEndpoint.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		if (current instanceof DefernoAuthenticationToken person && person.getUpstreamHandle() != null
				&& !this.vault.holdSignIn(person.getUpstreamHandle(), this.signedInTimeout)
				&& !ConsentFormPost.matches(request)) {
			// a consent answered is for a grant that holds its copy of the token already
			new SecurityContextLogoutHandler().logout(request, response, current);
		}
		chain.doFilter(request, response);
	}

}
