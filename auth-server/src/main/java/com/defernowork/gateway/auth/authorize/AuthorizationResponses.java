package com.defernowork.gateway.auth.authorize;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.AllowedResources;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.ConsentFormPost;
import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.config.NamedParameter;
import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.config.SentQuery;
import com.defernowork.gateway.auth.config.TokenTypes;
import com.defernowork.gateway.auth.config.TooManyNewClients;
import com.defernowork.gateway.auth.security.ConsentSubmission;
import com.defernowork.gateway.web.http.WaitSeconds;

import org.thymeleaf.ITemplateEngine;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Authorization responses: every redirect back to the client carries {@code iss} (RFC
 * 9207), errors included. An error is redirected only to a redirect URI registered for a
 * known client; anything else (unknown client, unregistered or malformed redirect URI)
 * gets an HTML page, never a redirect. Since anyone may register a client (dynamically or
 * by a metadata document), an error found before the person did anything is sent back on
 * its own only to a loopback address, which stays on the person's computer; anywhere else
 * (a web address, or an app scheme that may open a browser at any URL) would make this
 * server an open redirector (RFC 9700 §4.11.2), so the page offers the way back as a
 * link. A Deny is the person's own choice: it goes back at once.
 */
@Component
final class AuthorizationResponses implements AuthorizationServerCustomizer {

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2AuthorizationConsentService consents;

	private final AuthProperties properties;

	private final ITemplateEngine templates;

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	AuthorizationResponses(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			OAuth2AuthorizationConsentService consents, AuthProperties properties, ITemplateEngine templates) {
		this.clients = clients;
		this.authorizations = authorizations;
		this.consents = consents;
		this.properties = properties;
		this.templates = templates;
	}

	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer.authorizationEndpoint((authorize) -> authorize.authorizationResponseHandler(this::onSuccess)
			.errorResponseHandler(this::onFailure));
	}

	void onSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		if (RedirectUris.registered(this.clients, result.getClientId(), result.getRedirectUri()) == null) {
			// the client's redirect URIs changed while the person decided (its metadata
			// document, read again for this request, no longer lists this one): the
			// code is not sent there, nor kept where it could still be redeemed
			OAuth2Authorization issued = this.authorizations.findByToken(result.getAuthorizationCode().getTokenValue(),
					TokenTypes.CODE);
			if (issued != null) {
				this.authorizations.remove(issued);
			}
			forgetConsent(result);
			renderErrorPage(response, REDIRECT_GONE, null, null);
			return;
		}
		this.redirects.sendRedirect(request, response, RedirectUris.response(result.getRedirectUri(), result.getState(),
				this.properties.issuer(), "code", result.getAuthorizationCode().getTokenValue()));
	}

	/**
	 * The approval just saved names only the redirect URI the client dropped; kept, it
	 * would spare the page should that address come back to the client's list.
	 */
	private void forgetConsent(OAuth2AuthorizationCodeRequestAuthenticationToken result) {
		RegisteredClient client = this.clients.findByClientId(result.getClientId());
		if (client == null || !(result.getPrincipal() instanceof Authentication person)) {
			return;
		}
		OAuth2AuthorizationConsent consent = this.consents.findById(client.getId(), person.getName());
		if (consent != null) {
			this.consents.remove(consent);
		}
	}

	void onFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
		if (exception instanceof TooManyNewClients tooMany) {
			renderErrorPage(response, error, null, null, tooMany.retryAfter());
			return;
		}
		if (ConsentFormPost.matches(request) && isAboutTheClient(error)) {
			// its metadata document, read again for the approval, is gone or unavailable
			renderErrorPage(response, error, null, null);
			return;
		}
		if (ConsentFormPost.matches(request) && !OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode())) {
			// posted twice, after its request was used or expired, or by another person
			// (or altered to approve more): the framework would answer at the client's
			// default redirect URI with this server's own consent state
			renderErrorPage(response,
					OAuth2ErrorCodes.INVALID_SCOPE.equals(error.getErrorCode()) ? ALTERED_CONSENT : EXPIRED_CONSENT,
					null, null);
			return;
		}
		if (OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode())) {
			error = new OAuth2Error(error.getErrorCode(), "The person did not authorize the application", null);
		}
		OAuth2AuthorizationCodeRequestAuthenticationToken failed = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest)
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		HttpServletRequest sent = SentQuery.asSent(request);
		String redirectUri = (failed != null)
				? RedirectUris.registered(this.clients, failed.getClientId(), failed.getRedirectUri())
				: (isAboutAnotherParameter(error)) ? registeredRedirectOf(sent) : null;
		if (redirectUri == null) {
			renderErrorPage(response, error, null, null);
			return;
		}
		String state = (failed != null) ? failed.getState()
				: NamedParameter.single(sent.getParameterValues(OAuth2ParameterNames.STATE));
		error = ParameterErrors.described(error, request);
		String errorResponse = RedirectUris.response(redirectUri, state, this.properties.issuer(), "error",
				error.getErrorCode(), "error_description", OAuthErrorJson.printable(error.getDescription()));
		if (!OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode())
				&& !RedirectUris.isLoopbackRedirect(redirectUri)) {
			renderErrorPage(response, error, errorResponse, RedirectUris.displayHost(redirectUri));
			return;
		}
		this.redirects.sendRedirect(request, response, errorResponse);
	}

	/**
	 * Where the framework's own request parsing failed (a missing or unsupported
	 * {@code response_type}, a repeated {@code scope} or {@code state}) it reports no
	 * request; the client and redirect URI are still answerable (RFC 6749 §4.1.2.1) when
	 * each is sent once and registered. A pushed request ({@code request_uri}) names
	 * neither.
	 */
	private String registeredRedirectOf(HttpServletRequest request) {
		String[] redirectUris = request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI);
		String clientId = NamedParameter.single(request.getParameterValues(OAuth2ParameterNames.CLIENT_ID));
		if (clientId == null || (redirectUris != null && redirectUris.length != 1)
				|| request.getParameter("request_uri") != null) {
			return null;
		}
		return RedirectUris.registered(this.clients, clientId, (redirectUris != null) ? redirectUris[0] : null);
	}

	/**
	 * The framework's parsing error names a parameter other than the client and its
	 * redirect URI: only then is the client known good (a client whose metadata document
	 * is gone, say, must not be redirected to).
	 */
	private static boolean isAboutAnotherParameter(OAuth2Error error) {
		String parameter = NamedParameter.of(error);
		return parameter != null && !parameter.equals(OAuth2ParameterNames.CLIENT_ID)
				&& !parameter.equals(OAuth2ParameterNames.REDIRECT_URI);
	}

	private static boolean isAboutTheClient(OAuth2Error error) {
		return OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
				|| OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode());
	}

	private void renderErrorPage(HttpServletResponse response, OAuth2Error error, String returnTo, String returnToHost)
			throws IOException {
		renderErrorPage(response, error, returnTo, returnToHost, null);
	}

	/**
	 * @param quotaWait when a quota refused the request, how long until it may come again
	 * (429); else a later try is for an outage (503)
	 */
	private void renderErrorPage(HttpServletResponse response, OAuth2Error error, String returnTo, String returnToHost,
			Duration quotaWait) throws IOException {
		Map<String, Object> model = new HashMap<>();
		model.put("error", error.getErrorCode());
		model.put("description", describe(error));
		// the technical words beside the error code, where a developer looks; never the
		// request's own words (see describe)
		model.put("detail", AuthorizationRequestRules.REDIRECT_NOT_REGISTERED.equals(error.getDescription())
				? error.getDescription() : null);
		model.put("returnTo", returnTo);
		model.put("returnToHost", returnToHost);
		boolean later = OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode());
		model.put("tryLater", later);
		if (later) {
			response.setHeader(HttpHeaders.RETRY_AFTER,
					String.valueOf((quotaWait != null) ? WaitSeconds.of(quotaWait) : RETRY_AFTER_SECONDS));
		}
		int status = (quotaWait != null) ? HttpStatus.TOO_MANY_REQUESTS.value()
				: later ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_BAD_REQUEST;
		HtmlPages.render(this.templates, response, status, "authorize-error", model);
	}

	/**
	 * The framework names only the parameter at fault; say what it means for the person
	 * reading the page. A description quoting what the request said ({@code resource},
	 * the name of an oversized parameter) is for the application, never shown to the
	 * person: anyone can make a link that opens this page with words of their choosing
	 * there.
	 */
	static String describe(OAuth2Error error) {
		String description = error.getDescription();
		if (!StringUtils.hasText(description)) {
			return "The application sent an authorization request this server cannot accept.";
		}
		if (ParameterLimits.isTooLong(error)) {
			return ParameterLimits.TOO_LONG_ON_PAGE;
		}
		if (AuthorizationRequestRules.REDIRECT_NOT_REGISTERED.equals(description)) {
			return REDIRECT_NOT_REGISTERED_ON_PAGE;
		}
		if (AllowedResources.INVALID_TARGET.equals(error.getErrorCode())) {
			return "The application asked for access to a service this gateway does not serve (resource).";
		}
		if (OAuth2ErrorCodes.INVALID_SCOPE.equals(error.getErrorCode())
				&& !ALTERED_CONSENT.getDescription().equals(description)) {
			// the description names the scopes the request sent
			return "The application asked for permissions it may not have here (scope).";
		}
		String parameter = NamedParameter.of(error);
		if (parameter == null) {
			return description;
		}
		if (OAuth2ErrorCodes.UNAUTHORIZED_CLIENT.equals(error.getErrorCode())) {
			return NOT_FOR_SIGNING_IN;
		}
		return switch (parameter) {
			case "client_id" -> "This application is not registered with this server (unknown client_id): its "
					+ "registration was removed after going unused. In the application, clear this server's saved "
					+ "sign-in (or remove the server and add it again), then connect again: it registers anew.";
			case "redirect_uri" ->
				"The application asked to be sent back to an address it did not register " + "(redirect_uri).";
			default -> "The authorization request has a missing or invalid parameter: " + parameter + ".";
		};
	}

	static final String REDIRECT_NOT_REGISTERED_ON_PAGE = "The application asked to be sent back to an address "
			+ "it did not register, so the gateway cannot send you back to it. Nothing was approved.";

	static final String NOT_FOR_SIGNING_IN = "This application is registered, but not for signing people in (the "
			+ "authorization code flow).";

	static final OAuth2Error EXPIRED_CONSENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
			ConsentSubmission.EXPIRED_DESCRIPTION, null);

	/** A document fetch ends within its timeout (5 s by default), freeing its place. */
	private static final int RETRY_AFTER_SECONDS = 5;

	static final OAuth2Error REDIRECT_GONE = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
			"The application no longer lists the address it asked to be sent back to (redirect_uri). Go back to the "
					+ "application and connect again.",
			null);

	static final OAuth2Error ALTERED_CONSENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
			"The approval named a permission the application did not ask for. Go back to the application and connect "
					+ "again.",
			null);

}
