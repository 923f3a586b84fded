package com.defernowork.gateway.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.config.OfflineAccess;
import com.defernowork.gateway.auth.storage.ForwardingAuthorizationService;
import com.defernowork.gateway.auth.storage.GrantChangedException;
import com.defernowork.gateway.auth.storage.GrantLocks;
import com.defernowork.gateway.auth.storage.RefreshReplay;
import com.defernowork.gateway.auth.storage.RotatedRefreshToken;
import com.defernowork.gateway.auth.storage.TokenHashes;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.web.settings.SettingText;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.stereotype.Component;

/**
 * The refresh grant with rotation and reuse detection, one refresh per grant at a time
 * across instances ({@link GrantLocks}). Every refresh rotates the refresh token (the
 * store keeps the replaced one findable, see {@link RotatedRefreshToken}) and leaves its
 * answer sealed with the grant for {@code auth.tokens.refresh-reuse-grace}
 * ({@link RefreshReplay}: the store keeps only token hashes, so the answer cannot be
 * rebuilt from it). A replaced token presented again within that window, with the same
 * request, gets that very answer: concurrent or retried refreshes all end up holding one
 * working token pair ({@code refresh.replayed} in the audit). Presented later (the window
 * counts from the rotation's save, and once the answer is gone, it is over), it means the
 * token leaked, and the whole grant is revoked. A rotation that outlived its lock's lease
 * and was overtaken saves nothing ({@link GrantChangedException}) and answers as a replay
 * too.
 */
@Component
public final class RefreshTokenRotation implements AuthenticationProvider {

	private static final Logger logger = LoggerFactory.getLogger(RefreshTokenRotation.class);

	/**
	 * A client told 503 while Redis stalled mid-refresh retries up to about this long
	 * after the rotation (2 s Redis timeout, 20 s grant-lock lease, 3 s lock wait): a
	 * shorter grace would revoke its grant as reuse.
	 */
	static final Duration RETRIES_WITHIN = Duration.ofSeconds(25);

	/** One description for a refresh token unknown, expired or revoked alike. */
	static final String NOT_VALID = "The refresh token is invalid, expired or revoked";

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2TokenGenerator<OAuth2Token> tokenGenerator;

	private final GrantLocks locks;

	private final TokenVault vault;

	private final Duration grace;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	@Autowired
	RefreshTokenRotation(OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
			GrantLocks locks, TokenVault vault, AuthProperties properties, ObjectProvider<Clock> clock,
			ApplicationEventPublisher events) {
		this(authorizations, tokenGenerator, locks, vault, properties.tokens().refreshReuseGrace(),
				clock.getIfAvailable(Clock::systemUTC), events);
		warnIfShorterThanRetries(this.grace);
	}

	static void warnIfShorterThanRetries(Duration grace) {
		if (grace.isPositive() && grace.compareTo(RETRIES_WITHIN) < 0) {
			logger.warn("AUTH_REFRESH_REUSE_GRACE (auth.tokens.refresh-reuse-grace) is {}: a client retrying a refresh "
					+ "that got 503 may present its replaced token up to about {} after the rotation, and is then "
					+ "taken for a thief and its grant revoked; keep it at that or more, or 0 for no grace at all",
					SettingText.of(grace), SettingText.of(RETRIES_WITHIN));
		}
	}

	RefreshTokenRotation(OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
			GrantLocks locks, TokenVault vault, Duration grace, Clock clock, ApplicationEventPublisher events) {
		this.authorizations = authorizations;
		this.tokenGenerator = tokenGenerator;
		this.locks = locks;
		this.vault = vault;
		this.grace = grace;
		this.clock = clock;
		this.events = events;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2RefreshTokenAuthenticationToken request = withoutOfflineAccess(
				(OAuth2RefreshTokenAuthenticationToken) authentication);
		// the client first: a request without one learns nothing of the token
		registeredClient(request);
		OAuth2Authorization found = this.authorizations.findByToken(request.getRefreshToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		if (found == null) {
			throw invalidGrant(NOT_VALID);
		}
		// one refresh per grant at a time across instances, so a concurrent twin sees the
		// finished rotation
		return GrantTurns.take(this.locks, found.getId(), "Another refresh of this grant is still running",
				() -> refreshLocked(request));
	}

	/**
	 * {@link OfflineAccess} dropped, as at authorization: alone, it asks for no change.
	 */
	private static OAuth2RefreshTokenAuthenticationToken withoutOfflineAccess(
			OAuth2RefreshTokenAuthenticationToken request) {
		return !OfflineAccess.isAsked(request.getScopes()) ? request
				: new OAuth2RefreshTokenAuthenticationToken(request.getRefreshToken(),
						(Authentication) request.getPrincipal(), OfflineAccess.dropped(request.getScopes()),
						request.getAdditionalParameters());
	}

	private Authentication refreshLocked(OAuth2RefreshTokenAuthenticationToken request) {
		OAuth2Authorization view = grantOf(request);
		Instant rotatedAt = RotatedRefreshToken.rotatedAt(view);
		if (rotatedAt == null) {
			try {
				return rotate(request, view);
			}
			catch (GrantChangedException ex) {
				// this rotation outlived its lock and another change came first (nothing
				// was saved): answer as that change left the grant
				view = grantOf(request);
				rotatedAt = RotatedRefreshToken.rotatedAt(view);
				if (rotatedAt == null) {
					throw ex;
				}
			}
		}
		// within the grace while the grant's replay lives, and when the replay is of a
		// later rotation, while the presented token's is. The replay's own window bounds
		// its token's (it starts a moment before the instant the store records as the
		// rotation's, and Redis times it for every server alike); the rotation's instant
		// is the rotating server's clock, so it decides only for a token replaced twice
		Instant now = this.clock.instant();
		RefreshReplay replay = RefreshReplay.of(view, now);
		if (replay == null || (!replay.answers(TokenHashes.hash(request.getRefreshToken()))
				&& now.isAfter(rotatedAt.plus(this.grace)))) {
			this.authorizations.remove(view);
			this.events.publishEvent(AuditEvent
				.of(AuditEvent.REFRESH_REUSE, view.getPrincipalName(), registeredClient(request).getClientId())
				.with("grant_revoked", true));
			throw invalidGrant("The refresh token was already used; the grant is revoked, authorize again");
		}
		return replay(request, view, replay);
	}

	private OAuth2Authorization grantOf(OAuth2RefreshTokenAuthenticationToken request) {
		OAuth2Authorization view = this.authorizations.findByToken(request.getRefreshToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		if (view == null || !view.getRegisteredClientId().equals(registeredClient(request).getId())) {
			throw invalidGrant(NOT_VALID);
		}
		return view;
	}

	/**
	 * The framework's refresh, whose save also records the sealed answer for the grace
	 * window.
	 */
	private Authentication rotate(OAuth2RefreshTokenAuthenticationToken request, OAuth2Authorization current) {
		String presentedHash = TokenHashes.hash(request.getRefreshToken());
		// the window counted from the save, as close as can be to the instant the store
		// records as the rotation's: counted from the start, a rotation slower than the
		// grace would leave its twin no replay to answer with
		OAuth2AuthorizationService recording = new ReplayRecording(this.authorizations, current,
				request.getRefreshToken(), (refreshed) -> {
					String sealed = this.vault.seal(
							RefreshAnswer.of(RefreshAnswer.requestOf(request), refreshed).encode(),
							purpose(refreshed.getId(), presentedHash));
					return new RefreshReplay(presentedHash, sealed, this.clock.instant().plus(this.grace));
				});
		return new OAuth2RefreshTokenAuthenticationProvider(recording, this.tokenGenerator).authenticate(request);
	}

	/**
	 * A replaced refresh token within the grace window: the answer its first use got, if
	 * that answer is still what the grant holds and this is the same request; otherwise
	 * the token was replaced twice over or asked for something else, and the request
	 * fails without touching the grant.
	 */
	private Authentication replay(OAuth2RefreshTokenAuthenticationToken request, OAuth2Authorization view,
			RefreshReplay replay) {
		String presentedHash = TokenHashes.hash(request.getRefreshToken());
		RefreshAnswer answer = replay.answers(presentedHash)
				? this.vault.open(replay.sealed(), purpose(view.getId(), presentedHash))
					.map(RefreshAnswer::decode)
					.orElse(null)
				: null;
		OAuth2Authorization current = (answer != null) ? this.authorizations.findById(view.getId()) : null;
		boolean answered = current != null && answer.request().equals(RefreshAnswer.requestOf(request))
				&& holds(current.getAccessToken(), answer.accessToken())
				&& holds(current.getRefreshToken(), answer.refreshToken());
		this.events.publishEvent(AuditEvent
			.of(AuditEvent.REFRESH_REPLAYED, view.getPrincipalName(), registeredClient(request).getClientId())
			.with("answered", answered));
		if (!answered) {
			throw invalidGrant("The refresh token was already used; use the one issued in its place");
		}
		OAuth2AccessToken access = current.getAccessToken().getToken();
		OAuth2RefreshToken refresh = current.getRefreshToken().getToken();
		return new OAuth2AccessTokenAuthenticationToken(registeredClient(request),
				(OAuth2ClientAuthenticationToken) request.getPrincipal(),
				(OAuth2AccessToken) TokenHashes.withValue(access, answer.accessToken()),
				(OAuth2RefreshToken) TokenHashes.withValue(refresh, answer.refreshToken()),
				answer.idToken().isEmpty() ? Map.of() : Map.of(OidcParameterNames.ID_TOKEN, answer.idToken()));
	}

	private static boolean holds(OAuth2Authorization.Token<?> token, String value) {
		return token != null && token.isActive()
				&& TokenHashes.hashOf(token.getToken()).equals(TokenHashes.hash(value));
	}

	private static String purpose(String authorizationId, String rotatedTokenHash) {
		return "refresh-replay:" + authorizationId + ":" + rotatedTokenHash;
	}

	private static RegisteredClient registeredClient(OAuth2RefreshTokenAuthenticationToken request) {
		if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null) {
			return client.getRegisteredClient();
		}
		throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
	}

	private static OAuth2AuthenticationException invalidGrant(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
	}

	/**
	 * The store as the framework's refresh provider sees it under the lock: the
	 * authorization already loaded for the presented token is handed back instead of read
	 * again, and the save of the refreshed authorization carries its sealed answer.
	 */
	private static final class ReplayRecording extends ForwardingAuthorizationService {

		private final OAuth2Authorization loaded;

		private final String presented;

		private final java.util.function.Function<OAuth2Authorization, RefreshReplay> replayOf;

		ReplayRecording(OAuth2AuthorizationService target, OAuth2Authorization loaded, String presented,
				java.util.function.Function<OAuth2Authorization, RefreshReplay> replayOf) {
			super(target);
			this.loaded = loaded;
			this.presented = presented;
			this.replayOf = replayOf;
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			super.save(OAuth2Authorization.from(authorization)
				.attribute(RefreshReplay.ATTRIBUTE, this.replayOf.apply(authorization))
				.build());
		}

		@Override
		public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
			return (this.presented.equals(token) && OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) ? this.loaded
					: super.findByToken(token, tokenType);
		}

	}

}
