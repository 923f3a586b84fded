package com.defernowork.gateway.auth.session;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.config.ConsentFormPost;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.DefernoCredential;
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
 * however the session ends. A sign-in the endpoint can no longer use ends at the
 * session's next authorization request, before a grant could be approved with a Deferno
 * token that does not work, and the person signs in again:
 * <ul>
 * <li>its token has left the vault (it idled out at the authorization endpoint while the
 * connected-apps page kept the session alive, reached the sign-in's limit, or a Deny
 * ended it). Only a missing entry counts: one this server cannot open (a key it lacks)
 * would otherwise send a fresh sign-in round in circles;</li>
 * <li>Deferno refuses its token (revoked there, a sign-out elsewhere), asked once per
 * check interval ({@link SignInChecks}; signing in counts as a check). Deferno not
 * answering lets the request go on, and is not asked again within the interval.</li>
 * </ul>
 */
public final class LapsedSignIns extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(LapsedSignIns.class);

	private final TokenVault vault;

	private final Duration signedInTimeout;

	private final SignInCheck deferno;

	private final SignInChecks checks;

	private final RequestMatcher authorizationEndpoint;

	public LapsedSignIns(TokenVault vault, String authorizationEndpoint, Duration signedInTimeout, SignInCheck deferno,
			SignInChecks checks) {
		this.vault = vault;
		this.signedInTimeout = signedInTimeout;
		this.deferno = deferno;
		this.checks = checks;
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
		if (current instanceof DefernoAuthenticationToken person && person.getUpstreamHandle() != null) {
			boolean held = this.vault.holdSignIn(person.getUpstreamHandle(), this.signedInTimeout);
			// a consent answered is for a grant that holds its copy of the token already
			if (!ConsentFormPost.matches(request) && (!held || refusedByDeferno(person, request.getSession(false)))) {
				new SecurityContextLogoutHandler().logout(request, response, current);
			}
		}
		chain.doFilter(request, response);
	}

	private boolean refusedByDeferno(DefernoAuthenticationToken person, HttpSession session) {
		if (session == null || !this.checks.due(session)) {
			return false;
		}
		// one this server cannot open is not Deferno's refusal
		String token = this.vault.forSignIn(person.getUpstreamHandle()).map(DefernoCredential::token).orElse(null);
		if (token != null && this.deferno.refused(token)) {
			this.vault.deleteSignIn(person.getUpstreamHandle());
			logger.info("Ended a browser sign-in of {}: Deferno no longer accepts its token", person.getName());
			return true;
		}
		// also after no answer: one try per interval, not one per request while Deferno
		// is down
		this.checks.passed(session);
		return false;
	}

}
