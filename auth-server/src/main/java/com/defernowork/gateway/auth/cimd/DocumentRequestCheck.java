package com.defernowork.gateway.auth.cimd;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Runs first at the authorization endpoint: a URL {@code client_id} must resolve to a
 * valid metadata document now, which admits the client (stores it, see
 * {@link DocumentClientRepository}), or the request ends on the error page saying what is
 * wrong with the document. Never a redirect: without a valid document nothing vouches for
 * the requested {@code redirect_uri}. Converts nothing itself; the framework's converters
 * take over when the document is fine.
 */
@Component
final class DocumentRequestCheck implements AuthenticationConverter, AuthorizationServerCustomizer {

	private final DocumentClientRepository clients;

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	DocumentRequestCheck(DocumentClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		// the single-item method puts it ahead of the framework's converters
		authorizationServer.authorizationEndpoint((authorize) -> authorize.authorizationRequestConverter(this));
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (ClientIdUrl.isUrl(clientId)) {
			try {
				this.clients.admit(clientId,
						this.trust.isAuthenticated(SecurityContextHolder.getContext().getAuthentication()),
						request.getRemoteAddr());
			}
			catch (ClientDocumentException ex) {
				// a host down or busy is no fault of the client's: worth a retry
				String code = (ex.reason() == ClientDocumentException.Reason.UNAVAILABLE)
						? OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE : OAuth2ErrorCodes.INVALID_CLIENT;
				throw new OAuth2AuthenticationException(new OAuth2Error(code, ex.getMessage(), null));
			}
		}
		return null;
	}

}
