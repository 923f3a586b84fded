package com.defernowork.gateway.auth.token;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.auth.config.StaticClients;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * Introspection (RFC 7662) is for the resource server's confidential client only
 * (ClientSettings {@code gateway.static=true}); any other authenticated client gets 403
 * {@code unauthorized_client}, so an MCP client cannot learn about tokens, its own or
 * others'. Checked as the first request converter (the client is authenticated by then):
 * a provider could not refuse, the provider manager would just try the next one.
 */
@Component
final class IntrospectionAccess
		implements AuthenticationConverter, AuthenticationFailureHandler, AuthorizationServerCustomizer {

	private final AuthenticationFailureHandler errors = new OAuth2ErrorAuthenticationFailureHandler();

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer.tokenIntrospectionEndpoint(
				(introspect) -> introspect.introspectionRequestConverter(this).errorResponseHandler(this));
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication authenticated = SecurityContextHolder.getContext().getAuthentication();
		RegisteredClient client = (authenticated instanceof OAuth2ClientAuthenticationToken principal)
				? principal.getRegisteredClient() : null;
		if (client != null && StaticClients.isStatic(client)) {
			// allowed: the framework's converter and provider answer
			return null;
		}
		throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
				"Only the resource server's client may introspect tokens", null));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof OAuth2AuthenticationException oauth
				&& OAuth2ErrorCodes.UNAUTHORIZED_CLIENT.equals(oauth.getError().getErrorCode())) {
			OAuthErrorJson.write(response, HttpStatus.FORBIDDEN, oauth.getError());
			return;
		}
		this.errors.onAuthenticationFailure(request, response, ParameterDescriptions.described(request, exception));
	}

}
