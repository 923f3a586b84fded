package com.defernowork.gateway.auth.upstream;

import java.time.Duration;

import com.defernowork.gateway.auth.audit.SignInEnding;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns a finished upstream sign-in into the person's Deferno session: connector
 * {@code deferno}'s access token is the person's Deferno token already; for connector
 * {@code oidc}, Deferno mints one for the person the identity provider vouched for, told
 * which MCP client asked. The token goes into the vault, held for the signed-in session's
 * idle timeout (each authorization request of the session holds it that much longer) and
 * revoked at Deferno when no one holds it; the authentication carries only its handle.
 */
final class DefernoSignIn implements Converter<OAuth2LoginAuthenticationToken, OAuth2AuthenticationToken> {

	private final DefernoApi deferno;

	private final TokenVault vault;

	private final String sharedSecret;

	private final Duration signedInTimeout;

	private final ApplicationEventPublisher events;

	DefernoSignIn(DefernoApi deferno, TokenVault vault, String sharedSecret, Duration signedInTimeout,
			ApplicationEventPublisher events) {
		this.deferno = deferno;
		this.vault = vault;
		this.sharedSecret = sharedSecret;
		this.signedInTimeout = signedInTimeout;
		this.events = events;
	}

	/**
	 * The sign-in is audited here, once it is complete and under the Deferno user id the
	 * rest of the trail uses (not the identity provider's subject); a failed one, by its
	 * failure page ({@link SignInFailurePages}).
	 */
	@Override
	public OAuth2AuthenticationToken convert(OAuth2LoginAuthenticationToken signIn) {
		String connector = signIn.getClientRegistration().getRegistrationId();
		RequestingClient requesting = RequestingClient.of(signIn.getAuthorizationExchange().getAuthorizationRequest());
		String token = signIn.getAccessToken().getTokenValue();
		DefernoUser user;
		// Deferno's session answer names no id: it is revoked by ending the session
		String tokenId = null;
		if (signIn.getPrincipal() instanceof OidcUser person) {
			token = this.deferno.mcpSession(this.sharedSecret, person.getSubject(), username(person), requesting);
			user = this.deferno.me(token);
		}
		else {
			NativeSignIn signedInNatively = (NativeSignIn) signIn.getPrincipal();
			user = signedInNatively.user();
			tokenId = signedInNatively.tokenId();
		}
		String handle = this.vault.storeSignIn(new DefernoCredential(token, null), tokenId, user.getName(),
				this.signedInTimeout);
		this.events.publishEvent(SignInEnding.SUCCESS.event(connector, user.getName(), requesting.clientId()));
		return new DefernoAuthenticationToken(user, handle);
	}

	/**
	 * The name Deferno falls back to for a subject it has not linked yet: an address only
	 * when the provider verified it, as anyone can claim one they do not own.
	 */
	static String username(OidcUser person) {
		if (person.getPreferredUsername() != null) {
			return person.getPreferredUsername();
		}
		return (person.getEmail() != null && Boolean.TRUE.equals(person.getEmailVerified())) ? person.getEmail()
				: person.getSubject();
	}

}
