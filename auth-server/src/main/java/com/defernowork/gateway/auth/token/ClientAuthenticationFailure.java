package com.defernowork.gateway.auth.token;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.OAuthErrorJson;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;

/**
 * A failed client authentication at the token, revocation or introspection endpoint: 401
 * {@code invalid_client} with one description per authentication method, whichever check
 * failed, so that nothing tells whether a client id exists; 400 otherwise, with the
 * description of what is wrong; every 401 carries the {@code WWW-Authenticate} challenge
 * (RFC 9110 §15.5.2; RFC 6749 §5.2 for a client that used the Authorization header),
 * which the framework leaves out. A refusal of the code during client authentication
 * comes described ({@link CodeCheckErrors}).
 */
public final class ClientAuthenticationFailure implements AuthenticationFailureHandler {

	/** Unknown client or wrong secret alike (RFC 6749 §2.3.1). */
	static final String SECRET_FAILED = "Client authentication failed: unknown client_id or wrong client secret";

	/** Unknown client, or a client that has a secret, alike. */
	static final String NOT_A_PUBLIC_CLIENT = "Client authentication failed: no client secret was sent, and client_id "
			+ "is not a registered public client; send the client's secret, or register again if it has none";

	static final String CODE_NOT_VALID = "The authorization code is not valid: it is unknown, expired or already "
			+ "used; authorize again";

	/** How the framework's client authentication names the parameter that failed. */
	static final String FRAMEWORK_PREFIX = "Client authentication failed: ";

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
		boolean basic = BasicCredentials.isBasic(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
			write(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, invalidClient(error, request, basic),
					error.getUri()));
		}
		else {
			write(response, error);
		}
	}

	/**
	 * Ours as written (none says which check failed); the framework's by the method the
	 * client tried.
	 */
	private static String invalidClient(OAuth2Error error, HttpServletRequest request, boolean basic) {
		String description = error.getDescription();
		if (description != null && !description.startsWith(FRAMEWORK_PREFIX)) {
			return description;
		}
		if (basic || StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CLIENT_SECRET))) {
			return SECRET_FAILED;
		}
		if (StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION))) {
			return "Client authentication failed: the client assertion was not accepted";
		}
		return NOT_A_PUBLIC_CLIENT;
	}

	/**
	 * Writes an error of these endpoints: 401 with the challenge of the one scheme they
	 * take in the header for {@code invalid_client}, else 400; never stored by a cache.
	 */
	public static void write(HttpServletResponse response, OAuth2Error error) throws IOException {
		boolean invalidClient = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode());
		if (invalidClient) {
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"oauth2\"");
		}
		response.addHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		OAuthErrorJson.write(response, invalidClient ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST, error);
	}

}
