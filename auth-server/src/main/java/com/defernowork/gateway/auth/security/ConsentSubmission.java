package com.defernowork.gateway.auth.security;

import com.defernowork.gateway.auth.config.ConsentFormPost;
import com.defernowork.gateway.auth.session.SessionCsrfTokens;

import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The consent form's POST to the authorization endpoint (a POST without
 * {@code response_type}). The framework exempts its endpoints from CSRF protection, so
 * this one gets a CSRF filter of its own, reading the token the consent page was rendered
 * with from the session.
 */
public final class ConsentSubmission {

	/**
	 * What a person is told when a consent form or page no longer matches a pending
	 * request of theirs.
	 */
	public static final String EXPIRED_DESCRIPTION = "This approval request was already answered, has expired or "
			+ "belongs to someone else. Go back to the application: if it is not connected, connect again.";

	private ConsentSubmission() {
	}

	/**
	 * A submission without its session (expired, or lost by a restart) gets
	 * {@code expired}'s page.
	 */
	static CsrfFilter csrfFilter(AccessDeniedHandler expired) {
		CsrfFilter filter = new CsrfFilter(new SessionCsrfTokens());
		filter.setRequireCsrfProtectionMatcher(ConsentFormPost::matches);
		filter.setAccessDeniedHandler(expired);
		// a name of its own, or OncePerRequestFilter would take it for the chain's
		// CsrfFilter and skip it
		filter.setBeanName("consentCsrfFilter");
		return filter;
	}

}
