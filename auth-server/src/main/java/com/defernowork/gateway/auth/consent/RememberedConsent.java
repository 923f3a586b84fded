package com.defernowork.gateway.auth.consent;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;
import com.defernowork.gateway.auth.config.Prompt;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

import static com.defernowork.gateway.auth.config.AuthorizationServerCustomizer.postProcessing;

/**
 * When a remembered consent spares the person the consent page: only for the same client,
 * the same redirect URI (loopback ports aside) and no more scopes than approved, and only
 * when the code can reach no one but that client; a public client returning to a loopback
 * port or a private-use scheme is asked every time (RFC 8252 §8.6), as any program on the
 * computer could use its client id. Deny forgets the consent and ends the sign-in's hold
 * on its Deferno token, which nothing approved holds then.
 */
@Component
final class RememberedConsent
		implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext>, AuthorizationServerCustomizer {

	static final String REDIRECT_URI_AUTHORITY_PREFIX = "REDIRECT_URI_";

	private static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

	private final ApplicationEventPublisher events;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2AuthorizationConsentService consents;

	private final TokenVault vault;

	RememberedConsent(ApplicationEventPublisher events, RegisteredClientRepository clients,
			OAuth2AuthorizationService authorizations, OAuth2AuthorizationConsentService consents, TokenVault vault) {
		this.events = events;
		this.clients = clients;
		this.authorizations = authorizations;
		this.consents = consents;
		this.vault = vault;
	}

	/**
	 * The form's provider replaces the framework's rather than preceding it: the provider
	 * manager would try the next one after a refusal.
	 */
	@Override
	public void customize(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer
			.withObjectPostProcessor(postProcessing(OAuth2AuthorizationCodeRequestAuthenticationProvider.class,
					(provider) -> provider.setAuthorizationConsentRequired(this)))
			.withObjectPostProcessor(postProcessing(OAuth2AuthorizationConsentAuthenticationProvider.class,
					(provider) -> provider.setAuthorizationConsentCustomizer(this::remember)))
			.authorizationEndpoint((authorize) -> authorize.consentPage(ConsentController.PATH)
				.authenticationProviders((providers) -> providers.replaceAll(this::grantingTickedScopesOnly)));
	}

	private AuthenticationProvider grantingTickedScopesOnly(AuthenticationProvider provider) {
		return (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider)
				? new OAuth2AuthorizationConsentAuthenticationProvider(this.clients, this.authorizations,
						new TickedScopesOnly(this.consents))
				: provider;
	}

	/**
	 * Whether the consent page is shown; with {@code prompt=none}, which forbids it,
	 * {@code consent_required} instead.
	 */
	@Override
	public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		boolean required = required(context);
		if (required && Prompt.asks(context.getAuthorizationRequest().getAdditionalParameters(), Prompt.NONE)) {
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(Prompt.CONSENT_REQUIRED,
					"prompt=none, and the person has not approved this application for these permissions and this "
							+ "redirect URI (or it is asked every time); send the authorization request without "
							+ "prompt=none so that the person can approve it",
					null), context.getAuthentication());
		}
		return required;
	}

	private static boolean required(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		RegisteredClient client = context.getRegisteredClient();
		if (!client.getClientSettings().isRequireAuthorizationConsent()) {
			return false;
		}
		OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
		OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
		if (consent == null || Prompt.asks(request.getAdditionalParameters(), Prompt.CONSENT)) {
			return true;
		}
		String redirectUri = RedirectUris.resolve(client, request.getRedirectUri());
		if (!identifiedBy(client, redirectUri)) {
			return true;
		}
		boolean sameRedirect = redirectUri != null && consent.getAuthorities().contains(redirectAuthority(redirectUri));
		return !(sameRedirect && consent.getScopes().containsAll(request.getScopes()));
	}

	/**
	 * Only the client can redeem the code: it holds a secret, or owns the web redirect.
	 */
	private static boolean identifiedBy(RegisteredClient client, String redirectUri) {
		boolean confidential = !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
		return confidential || (redirectUri != null && RedirectUris.isWebRedirect(redirectUri));
	}

	void remember(OAuth2AuthorizationConsentAuthenticationContext context) {
		OAuth2AuthorizationConsentAuthenticationToken submitted = context.getAuthentication();
		Set<String> approved = submitted.getScopes();
		String redirectUri = RedirectUris.resolve(context.getRegisteredClient(),
				context.getAuthorizationRequest().getRedirectUri());
		boolean denied = approved.isEmpty() || redirectUri == null;
		if (denied) {
			forget(context.getAuthorization());
		}
		Set<String> granted = new TreeSet<>();
		context.getAuthorizationConsent().authorities((authorities) -> {
			authorities.clear();
			if (denied) {
				// no authorities: the framework answers access_denied
				return;
			}
			approved.stream().filter(context.getAuthorizationRequest().getScopes()::contains).forEach(granted::add);
			authorities.addAll(granted.stream()
				.map((scope) -> new SimpleGrantedAuthority(SCOPE_AUTHORITY_PREFIX + scope))
				.collect(Collectors.toSet()));
			if (!authorities.isEmpty()) {
				authorities.add(redirectAuthority(redirectUri));
			}
		});
		String user = (submitted.getPrincipal() instanceof Authentication person) ? person.getName() : null;
		if (granted.isEmpty() && submitted.getPrincipal() instanceof DefernoAuthenticationToken person
				&& person.getUpstreamHandle() != null) {
			// the grant pending this consent, and its copy of the token, go with the Deny
			this.vault.deleteSignIn(person.getUpstreamHandle());
		}
		this.events.publishEvent(AuditEvent
			.of(granted.isEmpty() ? AuditEvent.CONSENT_DENIED : AuditEvent.CONSENT_GRANTED, user,
					context.getRegisteredClient().getClientId())
			.with("scope", granted.isEmpty() ? null : String.join(" ", granted)));
	}

	/**
	 * Deny's forgetting: the framework's provider removes only an approval it found, and
	 * {@link TickedScopesOnly} shows it none.
	 */
	private void forget(OAuth2Authorization pending) {
		OAuth2AuthorizationConsent stored = this.consents.findById(pending.getRegisteredClientId(),
				pending.getPrincipalName());
		if (stored != null) {
			this.consents.remove(stored);
		}
	}

	static GrantedAuthority redirectAuthority(String redirectUri) {
		return new SimpleGrantedAuthority(REDIRECT_URI_AUTHORITY_PREFIX + RedirectUris.consentKey(redirectUri));
	}

}
