package com.defernowork.gateway.auth.apps;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.defernowork.gateway.auth.activity.ActivityEntry;
import com.defernowork.gateway.auth.activity.ActivityTrail;
import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.config.GatewayClientSettings;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.storage.GrantRemoval;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.storage.UserAuthorizations;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * The grants of one person that hold tokens (pending consents are not apps yet), newest
 * use first; and their revocation, which only the grant's own person may do.
 * Disconnecting also forgets the remembered consent, so the app has to ask again rather
 * than be let straight back in.
 */
@Component
final class ConnectedApps {

	private static final Pattern HANDLE = Pattern.compile("[0-9a-f]{64}");

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter WHEN_SECONDS = DateTimeFormatter
		.ofPattern("HH:mm:ss 'UTC', d MMM", java.util.Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final UserAuthorizations userAuthorizations;

	private final GrantRemoval removal;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final ApplicationEventPublisher events;

	private final ActivityTrail activity;

	/** How many of an app's calls its card lists. */
	private static final int SHOWN_CALLS = 5;

	ConnectedApps(UserAuthorizations userAuthorizations, GrantRemoval removal, RegisteredClientRepository clients,
			OAuth2AuthorizationConsentService consents, ActivityTrail activity, ApplicationEventPublisher events) {
		this.userAuthorizations = userAuthorizations;
		this.removal = removal;
		this.clients = clients;
		this.consents = consents;
		this.activity = activity;
		this.events = events;
	}

	List<ConnectedApp> of(String userId) {
		List<ActivityEntry> calls = this.activity.recent(userId);
		return this.userAuthorizations.findByPrincipalName(userId)
			.stream()
			.filter(ConnectedApps::isConnected)
			.sorted(Comparator.comparing(ConnectedApps::lastUsed).reversed())
			.map((authorization) -> view(authorization, calls))
			.toList();
	}

	/**
	 * What the page calls a grant instead of its id: every refresh token names its grant
	 * by id, and anyone who could present the id with the client's id could have the
	 * grant revoked as if a token had been reused, so the id is shown to no one.
	 */
	static String handleOf(String authorizationId) {
		return TokenHashes.hash("connected-app:" + authorizationId);
	}

	/**
	 * Removes the grant of this person's that {@code handle} names; false when there is
	 * no such grant of theirs.
	 */
	boolean disconnect(String userId, String handle) {
		if (!HANDLE.matcher(handle).matches()) {
			return false;
		}
		OAuth2Authorization authorization = this.userAuthorizations.findByPrincipalName(userId)
			.stream()
			.filter((grant) -> handle.equals(handleOf(grant.getId())))
			.findFirst()
			.orElse(null);
		if (authorization == null) {
			return false;
		}
		// the consent first: should the grant's removal then fail, a retry still finds
		// the grant
		OAuth2AuthorizationConsent consent = this.consents.findById(authorization.getRegisteredClientId(), userId);
		if (consent != null) {
			this.consents.remove(consent);
		}
		this.removal.remove(authorization);
		this.events.publishEvent(AuditEvent.of(AuditEvent.APP_DISCONNECTED, userId, clientId(authorization)));
		return true;
	}

	private ConnectedApp view(OAuth2Authorization authorization, List<ActivityEntry> calls) {
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		boolean named = client != null && client.getClientName() != null && !client.getClientName().isBlank();
		String name = named ? client.getClientName() : "Unnamed app";
		String returnsTo = returnsTo(authorization, client);
		String verifiedOrigin = (client != null)
				? client.getClientSettings().getSetting(GatewayClientSettings.VERIFIED_ORIGIN) : null;
		Instant approved = approvedAt(authorization);
		return new ConnectedApp(handleOf(authorization.getId()), name, named && verifiedOrigin == null, verifiedOrigin,
				returnsTo, access(authorization), (approved != null) ? WHEN.format(approved) : null,
				WHEN.format(lastUsed(authorization)), recent(client, calls));
	}

	/**
	 * Where this grant's codes went, as the consent page said: the redirect URI its
	 * authorization request named (a client may register several, the first of which
	 * could name another app's site), or the client's only one when the request named
	 * none; nothing when that cannot be told.
	 */
	private static String returnsTo(OAuth2Authorization authorization, RegisteredClient client) {
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		String requested = (request != null) ? request.getRedirectUri() : null;
		String redirectUri = (client != null) ? RedirectUris.resolve(client, requested) : requested;
		return (redirectUri != null) ? RedirectUris.returnsTo(redirectUri) : "";
	}

	/**
	 * When the person approved the app: its authorization code's issue time, which the
	 * grant keeps through every refresh. It tells apart two installs of one app, which
	 * share name, return address and access.
	 */
	private static Instant approvedAt(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		return (code != null) ? code.getToken().getIssuedAt() : null;
	}

	/**
	 * The app's latest calls; an app is its client, so two grants of one client share
	 * them.
	 */
	private static List<ConnectedApp.RecentCall> recent(RegisteredClient client, List<ActivityEntry> calls) {
		if (client == null) {
			return List.of();
		}
		return calls.stream()
			.filter((call) -> client.getClientId().equals(call.client()))
			.limit(SHOWN_CALLS)
			.map((call) -> new ConnectedApp.RecentCall(call.tool(), call.outcome(), switch (call.outcome()) {
				case "ok" -> "done";
				case "denied" -> "denied";
				default -> "failed";
			}, WHEN_SECONDS.format(call.at())))
			.toList();
	}

	private String clientId(OAuth2Authorization authorization) {
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		return (client != null) ? client.getClientId() : null;
	}

	private static boolean isConnected(OAuth2Authorization authorization) {
		return Stream.of(authorization.getAccessToken(), authorization.getRefreshToken())
			.anyMatch((token) -> token != null && !token.isInvalidated());
	}

	/** When its tokens were last issued (at approval or refresh). */
	private static Instant lastUsed(OAuth2Authorization authorization) {
		return Stream.of(authorization.getAccessToken(), authorization.getRefreshToken())
			.filter(Objects::nonNull)
			.map(OAuth2Authorization.Token::getToken)
			.map(OAuth2Token::getIssuedAt)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(Instant.EPOCH);
	}

	/** The granted scopes as the consent page described them, in the gateway's order. */
	private static List<String> access(OAuth2Authorization authorization) {
		return Arrays.stream(Scopes.values())
			.filter((scope) -> authorization.getAuthorizedScopes().contains(scope.value()))
			.map(Scopes::description)
			.toList();
	}

}
