package com.defernowork.gateway.auth.session;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser sign-in whose Deferno token Deferno no longer accepts (revoked there, or the
 * person signed out elsewhere) is no sign-in: every grant approved with it would get the
 * dead token, and its first tool call a 401 and a second round of sign-in and consent.
 * Before the authorization endpoint shows the consent page or issues a code for a
 * remembered approval, a sign-in older than the check interval ({@link SignInChecks}) is
 * checked once with Deferno; refused, it ends here (its vault entry and the session), and
 * the endpoint sends the person to sign in again with the authorization request kept, as
 * {@link LapsedSignIns} does. Deferno unavailable, the request goes on as it would have.
 */
public final class RefusedSignIns extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(RefusedSignIns.class);

	private final TokenVault vault;

	private final SignInCheck deferno;

	private final SignInChecks checks;

	private final RequestMatcher authorizationRequests;

	public RefusedSignIns(TokenVault vault, SignInCheck deferno, SignInChecks checks, String authorizationEndpoint) {
		this.vault = vault;
		this.deferno = deferno;
		this.checks = checks;
		this.authorizationRequests = PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.GET, authorizationEndpoint);
	}

	/** As {@link LapsedSignIns}: a consent posted next is for a grant bound already. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.authorizationRequests.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		HttpSession session = request.getSession(false);
		if (current instanceof DefernoAuthenticationToken person && person.getUpstreamHandle() != null
				&& session != null && this.checks.due(session)) {
			// an entry gone is LapsedSignIns' to end; one this server cannot open is not
			// Deferno's refusal
			String token = this.vault.forSignIn(person.getUpstreamHandle()).map(DefernoCredential::token).orElse(null);
			if (token != null && this.deferno.refused(token)) {
				this.vault.deleteSignIn(person.getUpstreamHandle());
				new SecurityContextLogoutHandler().logout(request, response, current);
				logger.info("Ended a browser sign-in of {}: Deferno no longer accepts its token", person.getName());
			}
			else {
				// also after no answer: one try per interval, not one per request while
				// Deferno is down
				this.checks.passed(session);
			}
		}
		chain.doFilter(request, response);
	}

}
