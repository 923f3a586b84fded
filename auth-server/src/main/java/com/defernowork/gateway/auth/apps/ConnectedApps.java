package com.defernowork.gateway.auth.apps;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * The apps of one person that hold tokens (pending consents are not apps yet), newest use
 * first: each client once, however many grants it holds (approved on another device, or
 * again with more access after a step-up); and their disconnection, which only the person
 * may do and which ends every grant of the app. Disconnecting also forgets the remembered
 * consent, so the app has to ask again rather than be let straight back in.
 */
@Component
final class ConnectedApps {

	private static final Pattern HANDLE = Pattern.compile("[0-9a-f]{64}");

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter WHEN_SECONDS = DateTimeFormatter
		.ofPattern("HH:mm:ss 'UTC', d MMM", Locale.ENGLISH)
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
		Map<String, List<OAuth2Authorization>> byClient = this.userAuthorizations.findByPrincipalName(userId)
			.stream()
			.filter(ConnectedApps::isConnected)
			.sorted(Comparator.comparing(ConnectedApps::tokensIssuedAt).reversed())
			.collect(Collectors.groupingBy(OAuth2Authorization::getRegisteredClientId, LinkedHashMap::new,
					Collectors.toList()));
		return byClient.values()
			.stream()
			.map((grants) -> view(grants, calls))
			.sorted(Comparator.comparing(AppView::lastUsed).reversed())
			.map(AppView::app)
			.toList();
	}

	/**
	 * What the page calls an app instead of its grants' ids: every refresh token names
	 * its grant by id, and anyone who could present the id with the client's id could
	 * have the grant revoked as if a token had been reused, so no id is shown to anyone.
	 */
	static String handleOf(OAuth2Authorization authorization) {
		return TokenHashes.hash("connected-app:" + authorization.getRegisteredClientId());
	}

	/**
	 * Removes every grant of this person's to the app {@code handle} names.
	 * @return the app's name as the page showed it; empty when they have no grant to it
	 */
	Optional<String> disconnect(String userId, String handle) {
		if (!HANDLE.matcher(handle).matches()) {
			return Optional.empty();
		}
		List<OAuth2Authorization> grants = this.userAuthorizations.findByPrincipalName(userId)
			.stream()
			.filter((grant) -> handle.equals(handleOf(grant)))
			.toList();
		if (grants.isEmpty()) {
			return Optional.empty();
		}
		RegisteredClient client = this.clients.findById(grants.get(0).getRegisteredClientId());
		// the consent first: should a grant's removal then fail, a retry still finds the
		// grant
		OAuth2AuthorizationConsent consent = this.consents.findById(grants.get(0).getRegisteredClientId(), userId);
		if (consent != null) {
			this.consents.remove(consent);
		}
		grants.forEach(this.removal::remove);
		this.events.publishEvent(
				AuditEvent.of(AuditEvent.APP_DISCONNECTED, userId, (client != null) ? client.getClientId() : null));
		return Optional.of(GatewayClientSettings.shownName(client));
	}

	/**
	 * One app from its grants, newest use first: where the newest returns to, all they
	 * may do together, the first approval and the last use.
	 */
	private AppView view(List<OAuth2Authorization> grants, List<ActivityEntry> calls) {
		OAuth2Authorization newest = grants.get(0);
		RegisteredClient client = this.clients.findById(newest.getRegisteredClientId());
		// an app is its client, so two grants of one client share its calls
		List<ActivityEntry> own = (client != null)
				? calls.stream().filter((call) -> client.getClientId().equals(call.client())).toList() : List.of();
		Instant lastUsed = lastUsed(newest, own);
		boolean named = GatewayClientSettings.isNamed(client);
		String name = GatewayClientSettings.shownName(client);
		String returnsTo = returnsTo(newest, client);
		String verifiedOrigin = (client != null)
				? client.getClientSettings().getSetting(GatewayClientSettings.VERIFIED_ORIGIN) : null;
		Instant approved = grants.stream()
			.map(ConnectedApps::approvedAt)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElse(null);
		return new AppView(new ConnectedApp(handleOf(newest), name, named && verifiedOrigin == null, verifiedOrigin,
				returnsTo, access(grants), (approved != null) ? WHEN.format(approved) : null, WHEN.format(lastUsed),
				grants.size(), recent(own)), lastUsed);
	}

	/** An app as the page shows it, and when it was last used, which orders the page. */
	private record AppView(ConnectedApp app, Instant lastUsed) {

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
	 * When the person approved the grant: its authorization code's issue time, which the
	 * grant keeps through every refresh. The earliest of an app's tells apart two
	 * installs of one app (two clients), which share name, return address and access.
	 */
	private static Instant approvedAt(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		return (code != null) ? code.getToken().getIssuedAt() : null;
	}

	private static List<ConnectedApp.RecentCall> recent(List<ActivityEntry> calls) {
		return calls.stream()
			.limit(SHOWN_CALLS)
			.map((call) -> new ConnectedApp.RecentCall(call.tool(), call.outcome(), switch (call.outcome()) {
				case "ok" -> "done";
				case "denied" -> "denied";
				default -> "failed";
			}, WHEN_SECONDS.format(call.at()),
					DateTimeFormatter.ISO_INSTANT.format(call.at().truncatedTo(ChronoUnit.SECONDS))))
			.toList();
	}

	private static boolean isConnected(OAuth2Authorization authorization) {
		return Stream.of(authorization.getAccessToken(), authorization.getRefreshToken())
			.anyMatch((token) -> token != null && !token.isInvalidated());
	}

	/**
	 * The app's last tool call the resource server reported, or, when that is earlier or
	 * no longer remembered, when its newest grant's tokens were last issued.
	 */
	private static Instant lastUsed(OAuth2Authorization newest, List<ActivityEntry> calls) {
		Instant issued = tokensIssuedAt(newest);
		return calls.stream()
			.map(ActivityEntry::at)
			.filter(issued::isBefore)
			.max(Comparator.naturalOrder())
			.orElse(issued);
	}

	/** When its tokens were last issued (at approval or refresh). */
	private static Instant tokensIssuedAt(OAuth2Authorization authorization) {
		return Stream.of(authorization.getAccessToken(), authorization.getRefreshToken())
			.filter(Objects::nonNull)
			.map(OAuth2Authorization.Token::getToken)
			.map(OAuth2Token::getIssuedAt)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(Instant.EPOCH);
	}

	/**
	 * The scopes granted in any of the grants as the consent page described them, in the
	 * gateway's order.
	 */
	private static List<String> access(List<OAuth2Authorization> grants) {
		return Arrays.stream(Scopes.values())
			.filter((scope) -> grants.stream().anyMatch((grant) -> grant.getAuthorizedScopes().contains(scope.value())))
			.map(Scopes::description)
			.toList();
	}

}
