package com.defernowork.gateway.auth.token;

import com.defernowork.gateway.auth.audit.CodeOfAnotherClient;
import com.defernowork.gateway.auth.config.TokenTypes;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * A client authentication provider whose refusals of the code say what is wrong: the
 * framework checks a code's PKCE while authenticating the client, and names only the
 * parameter that failed ("Client authentication failed: code_verifier"), even where the
 * code is what is wrong. Said here, on the refusal itself, the answer and the audit line
 * read alike. A code found but issued to another client is refused as an unknown code is,
 * as a {@link CodeOfAnotherClient}, whose audit line names the code's client.
 */
final class CodeCheckErrors extends RewordedRefusals {

	private final OAuth2AuthorizationService authorizations;

	CodeCheckErrors(AuthenticationProvider provider, OAuth2AuthorizationService authorizations) {
		super(provider);
		this.authorizations = authorizations;
	}

	@Override
	OAuth2AuthenticationException reworded(OAuth2AuthenticationException ex, Authentication authentication) {
		OAuth2Error error = ex.getError();
		if (!OAuth2ErrorCodes.INVALID_GRANT.equals(error.getErrorCode()) || error.getDescription() == null
				|| !error.getDescription().startsWith(ClientAuthenticationFailure.FRAMEWORK_PREFIX)
				|| !(authentication instanceof OAuth2ClientAuthenticationToken client)) {
			return ex;
		}
		String parameter = error.getDescription().substring(ClientAuthenticationFailure.FRAMEWORK_PREFIX.length());
		String issuedTo = OAuth2ParameterNames.CODE.equals(parameter) ? null : issuedTo(client);
		if (issuedTo != null && !issuedTo.equals(client.getPrincipal())) {
			// as for an unknown code: nothing tells this client about another's
			return new CodeOfAnotherClient(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					ClientAuthenticationFailure.CODE_NOT_VALID, error.getUri()), issuedTo, ex);
		}
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, describe(parameter, client), error.getUri()), ex);
	}

	private static String describe(String parameter, OAuth2ClientAuthenticationToken client) {
		return switch (parameter) {
			// not found: unknown, expired, used, or revoked with its grant
			case OAuth2ParameterNames.CODE -> ClientAuthenticationFailure.CODE_NOT_VALID;
			case PkceParameterNames.CODE_VERIFIER ->
				(client.getAdditionalParameters().get(PkceParameterNames.CODE_VERIFIER) instanceof String verifier
						&& StringUtils.hasText(verifier))
								? "code_verifier does not match the code_challenge of the authorization request "
										+ "(RFC 7636 section 4.6)"
								: "code_verifier is missing: the authorization request had a code_challenge "
										+ "(RFC 7636 section 4.5)";
			case PkceParameterNames.CODE_CHALLENGE -> "The authorization request had no code_challenge, so no "
					+ "code_verifier can be checked: authorize again with PKCE (S256)";
			default -> "The grant is not valid (" + parameter + ")";
		};
	}

	/**
	 * The client id the presented code was issued to, when the code is known: only a
	 * refusal pays for this second look-up.
	 */
	private String issuedTo(OAuth2ClientAuthenticationToken client) {
		if (!(client.getAdditionalParameters().get(OAuth2ParameterNames.CODE) instanceof String code)
				|| code.isEmpty()) {
			return null;
		}
		OAuth2Authorization found = this.authorizations.findByToken(code, TokenTypes.CODE);
		OAuth2AuthorizationRequest authorized = (found != null)
				? found.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		return (authorized != null) ? authorized.getClientId() : null;
	}

}
