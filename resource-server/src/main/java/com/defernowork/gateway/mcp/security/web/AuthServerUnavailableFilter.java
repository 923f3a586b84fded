package com.defernowork.gateway.mcp.security.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Answer;
import com.defernowork.gateway.mcp.security.AuthServerAnswers.Observation;
import com.defernowork.gateway.mcp.security.ErrorBodies;
import com.defernowork.gateway.mcp.security.UnknownTokensRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When the token cannot be checked because the authorization server is unreachable,
 * refuses this server's own credentials or is not what {@code AUTH_INTERNAL_URL} leads
 * to, answer 503 with {@code Retry-After} instead of a 500: the token may well be fine,
 * so a 401 would wrongly send the client through sign-in again. The operator learns which
 * from the log and the {@code authServer} health component; the client only whether it is
 * a passing outage or a mistake the operator has to mend. A token left unchecked because
 * its network sent too many unknown ones ({@link UnknownTokensRefused}) is a 429 with its
 * wait.
 */
public final class AuthServerUnavailableFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(AuthServerUnavailableFilter.class);

	private static final int HTTP_TOO_MANY_REQUESTS = 429;

	static final String OUTAGE = "The authorization server could not check the access token; try again shortly";

	/** Refused credentials or AUTH_INTERNAL_URL leading elsewhere: no retry mends it. */
	static final String MISCONFIGURED = "The gateway cannot check access tokens until its operator corrects its "
			+ "configuration (its connection to its authorization server); try again later";

	private final AuthServerAnswers answers;

	public AuthServerUnavailableFilter(AuthServerAnswers answers) {
		this.answers = answers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (AuthenticationServiceException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			// the cause is logged once per failed check where it happened; one line per
			// refused request would flood the log exactly while the authorization server
			// struggles
			response.resetBuffer();
			if (ex.getCause() instanceof UnknownTokensRefused refused) {
				response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(refused.retryAfterSeconds()));
				ErrorBodies.write(response, HTTP_TOO_MANY_REQUESTS, "temporarily_unavailable", refused.getMessage());
				return;
			}
			logger.debug("Could not validate a bearer token: {}", ex.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			ErrorBodies.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
					misconfigured() ? MISCONFIGURED : OUTAGE);
		}
	}

	private boolean misconfigured() {
		Observation last = this.answers.last();
		return last != null && (last.answer() == Answer.REFUSED || last.answer() == Answer.MISDIRECTED);
	}

}
