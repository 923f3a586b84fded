package com.defernowork.gateway.auth.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Consent submissions of one request answered one at a time, across instances
 * ({@link GrantLocks}): the framework reads the pending request by its state and replaces
 * it with a code, so two submissions of one form (a double click, a resent POST) racing
 * each other each issued a code, the later replacing the earlier, which the client may
 * already have been sent and then could not redeem. In turn, the later one finds the
 * request answered and gets the page that says so. One that cannot have the lock in time
 * goes ahead as before rather than fail.
 */
final class ConsentTurns extends OncePerRequestFilter {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final OAuth2AuthorizationService authorizations;

	private final GrantLocks locks;

	ConsentTurns(OAuth2AuthorizationService authorizations, GrantLocks locks) {
		this.authorizations = authorizations;
		this.locks = locks;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ConsentSubmission.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		OAuth2Authorization pending = StringUtils.hasText(state) ? this.authorizations.findByToken(state, STATE) : null;
		if (pending == null) {
			chain.doFilter(request, response);
			return;
		}
		try {
			this.locks.withLock(pending.getId(), () -> {
				try {
					chain.doFilter(request, response);
				}
				catch (IOException | ServletException | GrantBusyException ex) {
					// carried out as they are; a busy grant the submission itself ran
					// into
					// is not the lock's wait, which would run it twice
					throw new ChainFailure(ex);
				}
				return null;
			});
		}
		catch (GrantBusyException ex) {
			chain.doFilter(request, response);
		}
		catch (ChainFailure failure) {
			failure.rethrow();
		}
	}

	/** What the rest of the chain threw, carried out of the lock's work. */
	private static final class ChainFailure extends RuntimeException {

		ChainFailure(Exception cause) {
			super(cause);
		}

		void rethrow() throws IOException, ServletException {
			if (getCause() instanceof IOException io) {
				throw io;
			}
			if (getCause() instanceof ServletException servlet) {
				throw servlet;
			}
			throw (RuntimeException) getCause();
		}

	}

}
