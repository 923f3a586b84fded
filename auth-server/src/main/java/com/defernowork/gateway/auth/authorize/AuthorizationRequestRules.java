package com.defernowork.gateway.auth.authorize;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.NamedParameter;
import com.defernowork.gateway.auth.config.OfflineAccess;
import com.defernowork.gateway.auth.config.PkceValues;
import com.defernowork.gateway.auth.config.Prompt;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.config.SentQuery;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.web.logging.RateLimitedWarning;
import com.defernowork.gateway.web.text.PrintableText;
import org.slf4j.LoggerFactory;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import static com.defernowork.gateway.auth.config.AuthorizationServerCustomizer.postProcessing;

/**
 * Our rules for authorization requests, on top of the framework's (whose validator keeps
 * PKCE, S256 only): loopback redirects match any port, a missing or empty {@code scope}
 * means every gateway scope, {@code resource} must name a configured resource, and
 * request objects and {@code request_uri} are refused rather than ignored or looked up.
 */
@Component
final class AuthorizationRequestRules
		implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext>, AuthorizationServerCustomizer {

	/** OAuth 2.0 Multiple Response Type Encoding Practices §2.1. */
	private static final String RESPONSE_MODE = "response_mode";

	/** RFC 9101 request objects, which this server does not take. */
	private static final String REQUEST_OBJECT = "request";

	/** OpenID Connect Core §3.1.2.6, also in the OAuth extensions error registry. */
	private static final String REQUEST_NOT_SUPPORTED = "request_not_supported";

	/** Pushed authorization requests (RFC 9126), also not taken. */
	private static final String REQUEST_URI = "request_uri";

	private static final String REQUEST_URI_NOT_SUPPORTED = "request_uri_not_supported";

	/** What an authorization request sends, in its form body when it is a POST. */
	private static final List<String> REQUEST_PARAMETERS = List.of(OAuth2ParameterNames.RESPONSE_TYPE,
			OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.REDIRECT_URI, OAuth2ParameterNames.SCOPE,
			OAuth2ParameterNames.STATE, PkceParameterNames.CODE_CHALLENGE, PkceParameterNames.CODE_CHALLENGE_METHOD,
			AllowedResources.PARAMETER, Prompt.PARAMETER, RESPONSE_MODE, REQUEST_OBJECT, REQUEST_URI);

	/**
	 * For the application's developer; the page says it plainly
	 * ({@link AuthorizationResponses#describe}).
	 */
	static final String REDIRECT_NOT_REGISTERED = "redirect_uri is not registered for this client (RFC 8252 loopback "
			+ "redirects may vary the port)";

	private final AllowedResources resources;

	private final RegisteredClientRepository clients;

	/**
	 * A client asking for a resource not configured is how an {@code MCP_RESOURCES} that
	 * misses the MCP URL clients reach shows, to everyone, as {@code invalid_target}; the
	 * operator sees it here. Anyone can send one, hence the rate.
	 */
	private final RateLimitedWarning unservedResources = new RateLimitedWarning(
			LoggerFactory.getLogger(AuthorizationRequestRules.class), Clock.systemUTC());

	AuthorizationRequestRules(AllowedResources resources, RegisteredClientRepository clients) {
		this.resources = resources;
		this.clients = clients;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer
			.withObjectPostProcessor(postProcessing(OAuth2AuthorizationCodeRequestAuthenticationProvider.class,
					(provider) -> provider.setAuthenticationValidator(this)))
			.authorizationEndpoint((authorize) -> authorize.authorizationRequestConverters(this::wrapConverters));
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		if (!RedirectUris.matches(context.getRegisteredClient(), request.getRedirectUri())) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST, StringUtils.hasText(request.getRedirectUri())
					? REDIRECT_NOT_REGISTERED : "redirect_uri is required: this client did not register exactly one",
					request);
		}
		Object challenge = request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE);
		if (challenge instanceof String value && !PkceValues.isS256Challenge(value)) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST,
					"code_challenge must be the S256 challenge: the base64url of the code_verifier's SHA-256, 43 "
							+ "characters of A-Z, a-z, 0-9, '-' and '_' without padding (RFC 7636 section 4.2)",
					request);
		}
		Object responseMode = request.getAdditionalParameters().get(RESPONSE_MODE);
		if (responseMode != null && !"".equals(responseMode) && !"query".equals(responseMode)) {
			// ignored, the client would wait for a code where it never comes (a repeated
			// one arrives as an array)
			throw error(OAuth2ErrorCodes.INVALID_REQUEST,
					"Only response_mode=query is supported, once: the code comes in the redirect's query", request);
		}
		if (request.getAdditionalParameters().get(REQUEST_OBJECT) instanceof String object && !object.isEmpty()) {
			// ignoring it would authorize what the request object did not say
			throw error(REQUEST_NOT_SUPPORTED,
					"Request objects (the request parameter) are not supported; send the parameters themselves",
					request);
		}
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR.accept(context);
		String resource = AllowedResources.single(request.getAdditionalParameters().get(AllowedResources.PARAMETER))
			.orElseThrow(() -> error(AllowedResources.INVALID_TARGET, "Only one resource may be requested", request));
		if (this.resources.resolve(resource).isEmpty()) {
			this.unservedResources.warn("Refused an authorization request (invalid_target) for the resource '"
					+ PrintableText.of(resource, 200)
					+ "', which MCP_RESOURCES (auth.resources) does not name (it names "
					+ String.join(", ", this.resources.configured())
					+ "); when that is this gateway's MCP URL as clients reach it, add it there");
			throw error(AllowedResources.INVALID_TARGET,
					"The resource '" + resource + "' is not served by this authorization server", request);
		}
		PromptRules.check(context);
	}

	/**
	 * Wraps the framework's converters so that oversized requests are refused before
	 * anything of them is kept ({@link ParameterLimits}) and a missing or empty scope
	 * becomes every gateway scope: every client may ask for all of them (the consent page
	 * decides), and the scope validator still guards the rest.
	 */
	void wrapConverters(List<AuthenticationConverter> converters) {
		converters.replaceAll((converter) -> (request) -> {
			refuseRequestParametersInTheQueryOfAPost(request);
			refuseBodyThatIsNotAForm(request);
			refuseRepeatedClient(request);
			ParameterLimits.check(request);
			if (StringUtils.hasLength(request.getParameter(REQUEST_URI))) {
				// the framework would look it up as a pushed request, which this server
				// does not take
				throw new OAuth2AuthenticationException(new OAuth2Error(REQUEST_URI_NOT_SUPPORTED,
						"request_uri is not supported; send the authorization request's parameters themselves", null));
			}
			refuseClientWithoutRedirects(request);
			return withDefaultScope(converter.convert(request));
		});
	}

	/**
	 * Read from the body only, a POST's parameter in its query would go unread: a
	 * {@code state} would not come back, a {@code scope} or {@code resource} would be
	 * taken for omitted. Refused in the framework's words, which the error handler
	 * describes ({@link ParameterErrors}) and answers as it answers the framework's own.
	 */
	private static void refuseRequestParametersInTheQueryOfAPost(HttpServletRequest request) {
		for (String name : REQUEST_PARAMETERS) {
			if (ParameterErrors.isInQueryOfAPost(request, name)) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + name, null));
			}
		}
	}

	/**
	 * A POST's parameters are read from a form only: a JSON body (or none) would read as
	 * a request without any, refused for a missing {@code client_id}.
	 */
	private static void refuseBodyThatIsNotAForm(HttpServletRequest request) {
		if ("POST".equals(request.getMethod()) && !SentQuery.isForm(request.getContentType())) {
			String type = (request.getContentType() != null) ? request.getContentType().split(";", 2)[0].strip() : "";
			String sent = type.isEmpty() ? "this one has none" : "this one's is " + ParameterLimits.abbreviate(type);
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"An authorization request is a GET with its parameters in the query, or a POST of a form "
							+ "(Content-Type application/x-www-form-urlencoded): " + sent + ".",
					null));
		}
	}

	/**
	 * A client registered without redirect URIs (the resource server's, whose grants are
	 * client credentials and token exchange) has no place an error could be sent to: the
	 * framework's grant type check, which comes before ours, looks for one when the
	 * request names none, and fails (500). Told on the error page instead.
	 */
	private void refuseClientWithoutRedirects(HttpServletRequest request) {
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (!StringUtils.hasLength(clientId)
				|| StringUtils.hasLength(request.getParameter(OAuth2ParameterNames.REDIRECT_URI))) {
			return;
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client != null && client.getRedirectUris().isEmpty()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					AuthorizationResponses.NOT_FOR_SIGNING_IN, null));
		}
	}

	/**
	 * RFC 6749 §3.1: a parameter sent twice is invalid. Repeated, the client or its
	 * redirect URI establishes no place to answer, so the error page says which one it is
	 * (the framework would read it as an unknown client or unregistered redirect).
	 */
	private static void refuseRepeatedClient(HttpServletRequest request) {
		for (String name : List.of(OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.REDIRECT_URI)) {
			if (NamedParameter.isRepeated(request, name)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"The parameter " + name + " is repeated: an authorization request sends each parameter once "
								+ "(RFC 6749 section 3.1).",
						null));
			}
		}
	}

	/**
	 * Without {@link OfflineAccess}; an empty scope, then too, means every gateway scope.
	 */
	private Authentication withDefaultScope(Authentication converted) {
		if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken request)
				|| (!request.getScopes().isEmpty() && !OfflineAccess.isAsked(request.getScopes()))) {
			return converted;
		}
		Set<String> scopes = OfflineAccess.dropped(request.getScopes());
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
				request.getClientId(), (Authentication) request.getPrincipal(), request.getRedirectUri(),
				request.getState(), scopes.isEmpty() ? new LinkedHashSet<>(Scopes.all()) : scopes,
				request.getAdditionalParameters());
	}

	static OAuth2AuthorizationCodeRequestAuthenticationException error(String code, String description,
			OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null),
				request);
	}

}
