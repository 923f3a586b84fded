package com.defernowork.gateway.auth.audit;

import io.micrometer.core.instrument.MeterRegistry;

import com.defernowork.gateway.web.http.CallerNetwork;
import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Spring Security's own authentication events (published by every filter chain's
 * {@code ProviderManager}) turned into audit events and counters: failed client
 * authentications, revocations and introspections need no code of their own.
 */
@Component
final class SecurityEventAudit {

	private static final String INTROSPECTIONS = "gateway.auth.introspections";

	private static final String RESULT = "result";

	private final ApplicationEventPublisher events;

	private final MeterRegistry registry;

	SecurityEventAudit(ApplicationEventPublisher events, MeterRegistry registry) {
		this.events = events;
		this.registry = registry;
		// at zero from the start, so that the first of each after a start shows in
		// increase()
		registry.counter(INTROSPECTIONS, RESULT, "active");
		registry.counter(INTROSPECTIONS, RESULT, "inactive");
	}

	@EventListener
	void on(AuthenticationSuccessEvent success) {
		Authentication result = success.getAuthentication();
		// a successful upstream sign-in is audited by the sign-in itself, once it is
		// complete
		if (result instanceof OAuth2TokenIntrospectionAuthenticationToken introspection) {
			this.registry
				.counter(INTROSPECTIONS, RESULT, introspection.getTokenClaims().isActive() ? "active" : "inactive")
				.increment();
		}
		else if (result instanceof OAuth2TokenRevocationAuthenticationToken revocation
				&& revocation.getDetails() instanceof RevokedToken found) {
			// only a token found and revoked: RFC 7009 answers 200 for any other too, and
			// anyone could fill the audit with revocations that did nothing
			this.events.publishEvent(revoked(revocation, found));
		}
	}

	@EventListener
	void on(AbstractAuthenticationFailureEvent failure) {
		// a failed upstream sign-in is audited by its failure page, which every way it
		// can fail reaches (not all through an authentication provider)
		if (failure.getAuthentication() instanceof OAuth2ClientAuthenticationToken client
				&& failure.getException() instanceof OAuth2AuthenticationException oauth
				&& OAuth2ErrorCodes.INVALID_CLIENT.equals(oauth.getError().getErrorCode())) {
			// a wrong secret (guessed?), or a client the server no longer knows: the
			// client id as presented, never what came with it
			this.events.publishEvent(AuditEvent
				.of(AuditEvent.CLIENT_AUTHENTICATION_FAILED, null, PrintableText.of(client.getPrincipal(), 200))
				.with("method", client.getClientAuthenticationMethod().getValue())
				.with("network", network(client)));
		}
		else if (failure.getAuthentication() instanceof OAuth2AuthorizationGrantAuthenticationToken grant
				&& failure.getException() instanceof OAuth2AuthenticationException oauth
				&& clientId(grant.getPrincipal()) != null) {
			// a client that keeps sending its person to sign in again shows why
			this.events.publishEvent(refused(clientId(grant.getPrincipal()), grant.getGrantType().getValue(), oauth));
		}
		else if (failure.getAuthentication() instanceof OAuth2ClientAuthenticationToken client
				&& failure.getException() instanceof OAuth2AuthenticationException oauth
				&& OAuth2ErrorCodes.INVALID_GRANT.equals(oauth.getError().getErrorCode())) {
			// a public client's code checked with its authentication: an unknown code, a
			// code_verifier that does not match (a code intercepted?), another client's
			// code
			this.events.publishEvent(refused(PrintableText.of(client.getPrincipal(), 200),
					AuthorizationGrantType.AUTHORIZATION_CODE.getValue(), oauth));
		}
	}

	/**
	 * In the answer's own words, never the code or token sent; a code of another client
	 * also names the client it was issued to.
	 */
	private static AuditEvent refused(String clientId, String grantType, OAuth2AuthenticationException refusal) {
		String description = refusal.getError().getDescription();
		AuditEvent event = AuditEvent.of(AuditEvent.TOKEN_REFUSED, null, clientId)
			.with("grant_type", grantType)
			.with("error", refusal.getError().getErrorCode())
			.with("description", (description != null) ? PrintableText.of(description, 200) : null);
		return (refusal instanceof CodeOfAnotherClient other)
				? event.with("reason", CodeOfAnotherClient.REASON).with("issued_to", other.issuedTo()) : event;
	}

	/**
	 * Where the refused client called from, as the server's limits group callers
	 * ({@link CallerNetwork}): many refusals of one client id from one network are
	 * someone there guessing its secret; {@code private} for a loopback or private
	 * address (the operator's own network, or a proxy that passes on no client address).
	 */
	private static String network(OAuth2ClientAuthenticationToken client) {
		if (!(client.getDetails() instanceof WebAuthenticationDetails details)) {
			return null;
		}
		String network = CallerNetwork.of(details.getRemoteAddress());
		return (network != null) ? network : "private";
	}

	/** Names the person and, when a whole grant ended, why (see {@link RevokedToken}). */
	private static AuditEvent revoked(OAuth2TokenRevocationAuthenticationToken revocation, RevokedToken found) {
		AuditEvent event = AuditEvent.of(AuditEvent.TOKEN_REVOKED, found.user(), clientId(revocation.getPrincipal()))
			.with("token_type_hint", revocation.getTokenTypeHint());
		if (found.grantRevoked()) {
			event = event.with("grant_revoked", true).with("reason", found.reason());
		}
		return event;
	}

	private static String clientId(Object principal) {
		return (principal instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null)
				? client.getRegisteredClient().getClientId() : null;
	}

}
