package com.defernowork.gateway.auth.authorize;

import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.config.Prompt;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * The sign-in side of {@link Prompt}: {@code prompt=none} from someone not signed in is
 * {@code login_required} instead of the sign-in page (the consent side is
 * {@code consent/RememberedConsent}'s). The framework does the same only for OpenID
 * requests. Checked last among the request's rules, and not when the framework's PKCE
 * check (which runs after this one) will refuse the request, so that a request the client
 * must fix says so first.
 */
final class PromptRules {

	private static final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private PromptRules() {
	}

	static void check(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		List<String> values = Prompt.values(request.getAdditionalParameters());
		if (values == null) {
			throw AuthorizationRequestRules.error(OAuth2ErrorCodes.INVALID_REQUEST,
					"The parameter prompt is repeated: send it once, its values separated by spaces", request);
		}
		if (!values.contains(Prompt.NONE)) {
			return;
		}
		if (values.size() > 1) {
			throw AuthorizationRequestRules.error(OAuth2ErrorCodes.INVALID_REQUEST,
					"prompt=none asks for no page at all, so it cannot be combined with other prompt values", request);
		}
		if (!trust.isAuthenticated((Authentication) request.getPrincipal()) && !failsPkce(context)) {
			throw AuthorizationRequestRules.error(Prompt.LOGIN_REQUIRED,
					"prompt=none, and nobody is signed in at this server; "
							+ "send the authorization request without prompt=none so that the person can sign in",
					request);
		}
	}

	/**
	 * The framework's PKCE check, which runs after this one, will refuse the request: its
	 * error is the one to fix.
	 */
	private static boolean failsPkce(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		Object challenge = parameters.get(PkceParameterNames.CODE_CHALLENGE);
		if (challenge == null) {
			return context.getRegisteredClient().getClientSettings().isRequireProofKey();
		}
		return !"S256".equals(parameters.get(PkceParameterNames.CODE_CHALLENGE_METHOD));
	}

}
