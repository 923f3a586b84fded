package com.defernowork.gateway.auth.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.defernowork.gateway.auth.config.ConsentFormPost;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Consent submissions of one request answered one at a time, across instances
 * ({@link GrantLocks}): the framework replaces the pending request with a code, so two
 * racing submissions of one form (a double click, a resent POST) would each issue one,
 * the later replacing the code the client may already have been sent. A later submission
 * of the same browser session and answer gets the first one's answer, as the browser
 * follows only the later response, while its code is unredeemed; once redeemed (a back
 * button, a resubmit) it gets the "already answered" page, as redeeming twice would end
 * the grant. One that cannot have the lock in time goes ahead rather than fail.
 */
final class ConsentTurns extends OncePerRequestFilter {

	/**
	 * Long past any wait for the lock and a double click: a later submission gets it only
	 * while the code is unredeemed (checked without the lock: a resubmission in the very
	 * moment the app redeems would deliver a spent code, which the app could only redeem
	 * twice if its first redirect had reached it too).
	 */
	private static final Duration ANSWER_MEMORY = Duration.ofSeconds(30);

	private static final String ANSWER_PURPOSE = "consent-answer";

	private final OAuth2AuthorizationService authorizations;

	private final GrantLocks locks;

	private final KeyValueStore answers;

	private final TokenVault vault;

	ConsentTurns(OAuth2AuthorizationService authorizations, GrantLocks locks, KeyValueStore answers, TokenVault vault) {
		this.authorizations = authorizations;
		this.locks = locks;
		this.answers = answers;
		this.vault = vault;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ConsentFormPost.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		OAuth2Authorization pending = StringUtils.hasText(state)
				? this.authorizations.findByToken(state, TokenTypes.STATE) : null;
		String answerKey = StringUtils.hasText(state) ? answerKey(request, state) : null;
		if (pending == null) {
			if (!answeredAgain(answerKey, response, true)) {
				chain.doFilter(request, response);
			}
			return;
		}
		try {
			this.locks.withLock(pending.getId(), () -> {
				try {
					if (!answeredAgain(answerKey, response, false)) {
						chain.doFilter(request, response);
						remember(answerKey, response);
					}
				}
				catch (IOException | ServletException | GrantBusyException ex) {
					// carried out as they are: a busy grant the submission itself ran
					// into is not the lock's wait, which would run it twice
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

	/**
	 * Per browser session, request and answer: only the browser that submitted is
	 * answered again, and only for the same answer (the scopes it approved; none is a
	 * Deny), so a Deny clicked after Approve is not sent the approval's code.
	 */
	private static String answerKey(HttpServletRequest request, String state) {
		HttpSession session = request.getSession(false);
		String[] scopes = request.getParameterValues(OAuth2ParameterNames.SCOPE);
		String answer = (scopes != null) ? String.join(" ", new TreeSet<>(Arrays.asList(scopes))) : "";
		return (session != null) ? "consent-answer:" + TokenHashes.hash(session.getId() + " " + state + " " + answer)
				: null;
	}

	/**
	 * The redirect the first submission got (its code, sealed while kept), sent again;
	 * after the first submission was answered, only while the app has not redeemed the
	 * code (a Deny carries none and is sent again as it is).
	 */
	private boolean answeredAgain(String key, HttpServletResponse response, boolean unredeemedOnly) throws IOException {
		String sealed = (key != null) ? this.answers.get(key) : null;
		Optional<String> location = ((sealed != null) ? this.vault.open(sealed, ANSWER_PURPOSE)
				: Optional.<String>empty())
			.filter((answer) -> !unredeemedOnly || !isRedeemed(answer));
		if (location.isEmpty()) {
			return false;
		}
		response.sendRedirect(location.get());
		return true;
	}

	/** Redeemed, expired or its grant gone: the code can no longer be exchanged. */
	private boolean isRedeemed(String location) {
		String code = UriComponentsBuilder.fromUriString(location)
			.build()
			.getQueryParams()
			.getFirst(OAuth2ParameterNames.CODE);
		if (code == null) {
			return false;
		}
		OAuth2Authorization granted = this.authorizations.findByToken(UriUtils.decode(code, StandardCharsets.UTF_8),
				TokenTypes.CODE);
		OAuth2Authorization.Token<OAuth2AuthorizationCode> issued = (granted != null)
				? granted.getToken(OAuth2AuthorizationCode.class) : null;
		return issued == null || !issued.isActive();
	}

	private void remember(String key, HttpServletResponse response) {
		String location = response.getHeader(HttpHeaders.LOCATION);
		if (key != null && location != null && response.getStatus() == HttpServletResponse.SC_FOUND) {
			this.answers.put(key, this.vault.seal(location, ANSWER_PURPOSE), ANSWER_MEMORY);
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
