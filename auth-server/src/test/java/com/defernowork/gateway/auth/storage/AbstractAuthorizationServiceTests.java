package com.defernowork.gateway.auth.storage;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.DefernoCredential;
import com.defernowork.gateway.auth.vault.TestVaults;
import com.defernowork.gateway.auth.vault.TokenVault;
import com.defernowork.gateway.auth.vault.VaultBoundAuthorizationService;
import com.defernowork.gateway.testsupport.MutableClock;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract every store meets (Redis and memory): what Spring Authorization Server
 * saves can be found again by id and by each token, reads back whole except for token
 * values (kept as hashes: only a token presented to {@code findByToken} carries its value
 * again), and rotation, refresh replays, removal and per-person listing behave the same.
 */
public abstract class AbstractAuthorizationServiceTests {

	protected static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	protected static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	protected static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	protected RegisteredClientRepository clients;

	protected OAuth2AuthorizationService authorizations;

	protected OAuth2AuthorizationConsentService consents;

	/** The same store's small values and scored sets, as the vault uses them. */
	protected KeyValueStore values;

	protected ScoredSets sets;

	protected RegisteredClient client;

	protected DefernoAuthenticationToken person;

	protected Instant now;

	/**
	 * The stores' clock; token expiry itself is judged by the framework against the real
	 * time.
	 */
	protected final MutableClock clock = MutableClock.now();

	/**
	 * A store on fresh state using {@link #clock}; the subclass cleans it up after each
	 * test.
	 */
	public record Store(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			OAuth2AuthorizationConsentService consents, KeyValueStore values, ScoredSets sets) {

	}

	protected abstract Store createStore();

	/**
	 * Lets {@code time} pass for the replays' windows, which the memory store times with
	 * its clock.
	 */
	protected void endReplayWindows(Duration time) {
		this.clock.advance(time);
	}

	@BeforeEach
	void setUpStore() {
		Store store = createStore();
		this.clients = store.clients();
		this.authorizations = store.authorizations();
		this.consents = store.consents();
		this.values = store.values();
		this.sets = store.sets();
		this.client = StorageFixtures.publicClient();
		this.clients.save(this.client);
		this.person = StorageFixtures.person("u-" + UUID.randomUUID().toString().substring(0, 8));
		this.now = this.clock.instant();
	}

	protected OAuth2Authorization issued() {
		OAuth2Authorization.Builder builder = StorageFixtures.pending(this.client, this.person)
			.authorizedScopes(Set.of("tasks:read", "plan:read"))
			.token(StorageFixtures.code(this.now),
					(metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)), (metadata) -> {
				metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
						StorageFixtures.claims(this.person.getName(), this.now));
				metadata.put("gateway.custom", Map.of("resource", StorageFixtures.RESOURCE, "at", this.now));
			})
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)));
		OidcIdToken idToken = StorageFixtures.idToken(this.now, this.person.getName());
		builder.token(idToken,
				(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()));
		return builder.build();
	}

	@Test
	void findByTokenWhenPendingThenFoundByStateAndId() {
		OAuth2Authorization pending = StorageFixtures.pending(this.client, this.person).build();
		this.authorizations.save(pending);
		String state = pending.getAttribute(OAuth2ParameterNames.STATE);
		assertThat(this.authorizations.findByToken(state, STATE)).isNotNull();
		// no token: untyped lookups are introspection's and revocation's
		assertThat(this.authorizations.findByToken(state, null)).isNull();
		assertThat(this.authorizations.findById(pending.getId()).<String>getAttribute(OAuth2ParameterNames.STATE))
			.isEqualTo(state);
	}

	@Test
	void findByTokenWhenEachTokenTypeThenFoundByTypeAndClientsTokensWithoutType() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		Map<OAuth2TokenType, String> values = Map.of(CODE,
				saved.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(), OAuth2TokenType.ACCESS_TOKEN,
				saved.getAccessToken().getToken().getTokenValue(), OAuth2TokenType.REFRESH_TOKEN,
				saved.getRefreshToken().getToken().getTokenValue(), ID_TOKEN,
				saved.getToken(OidcIdToken.class).getToken().getTokenValue(), STATE,
				saved.getAttribute(OAuth2ParameterNames.STATE));
		values.forEach((type, value) -> {
			assertThat(this.authorizations.findByToken(value, type)).as(type.getValue())
				.isNotNull()
				.extracting(OAuth2Authorization::getId)
				.isEqualTo(saved.getId());
			// without a type only the tokens a client holds (introspection's and
			// revocation's lookup)
			boolean clientsToken = type.equals(OAuth2TokenType.ACCESS_TOKEN)
					|| type.equals(OAuth2TokenType.REFRESH_TOKEN);
			assertThat(this.authorizations.findByToken(value, null)).as(type.getValue() + " untyped")
				.matches((found) -> (found != null) == clientsToken);
		});
		assertThat(this.authorizations.findByToken(values.get(OAuth2TokenType.ACCESS_TOKEN),
				OAuth2TokenType.REFRESH_TOKEN))
			.isNull();
		assertThat(this.authorizations.findByToken("no-such-token", null)).isNull();
	}

	@Test
	void findByIdWhenSavedThenEverythingReadsBack() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		OAuth2Authorization found = this.authorizations.findById(saved.getId());

		assertThat(found.getPrincipalName()).isEqualTo(this.person.getName());
		assertThat(found.getRegisteredClientId()).isEqualTo(this.client.getId());
		assertThat(found.getAuthorizedScopes()).containsExactlyInAnyOrder("tasks:read", "plan:read");
		assertThat(found.<DefernoAuthenticationToken>getAttribute(Principal.class.getName())).isEqualTo(this.person);
		OAuth2AuthorizationRequest request = found.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(request.getAdditionalParameters()).containsEntry("resource", StorageFixtures.RESOURCE);
		assertThat(request.getScopes()).containsExactlyInAnyOrder("tasks:read", "plan:read");
		assertThat(request.getRedirectUri()).isEqualTo("http://127.0.0.1:33418/callback");

		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = found.getToken(OAuth2AuthorizationCode.class);
		assertThat(code.isInvalidated()).isTrue();
		assertThat(code.getToken().getExpiresAt())
			.isEqualTo(saved.getToken(OAuth2AuthorizationCode.class).getToken().getExpiresAt());

		OAuth2Authorization.Token<OAuth2AccessToken> access = found.getAccessToken();
		assertThat(access.getToken().getTokenValue())
			.isEqualTo(TokenHashes.standIn(TokenHashes.hash(saved.getAccessToken().getToken().getTokenValue())));
		assertThat(access.getToken().getScopes()).containsExactlyInAnyOrder("tasks:read", "plan:read");
		assertThat(access.getToken().getIssuedAt()).isEqualTo(this.now);
		assertThat(access.isInvalidated()).isFalse();
		assertThat(access.getClaims()).containsEntry("sub", this.person.getName())
			.containsEntry("exp", this.now.plus(Duration.ofHours(1)));
		assertThat(access.getClaims().get("aud")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly(StorageFixtures.RESOURCE);
		assertThat(access.<Map<String, Object>>getMetadata("gateway.custom")).containsEntry("at", this.now);

		assertThat(found.getRefreshToken().getToken().getExpiresAt())
			.isEqualTo(saved.getRefreshToken().getToken().getExpiresAt());
		assertThat(found.getToken(OidcIdToken.class).getToken().getSubject()).isEqualTo(this.person.getName());
	}

	@Test
	void findByTokenWhenInvalidatedOrExpiredThenStillFound() {
		OAuth2Authorization.Builder builder = StorageFixtures.pending(this.client, this.person);
		Instant past = this.now.minus(Duration.ofMinutes(10));
		OAuth2AuthorizationCode expiredCode = new OAuth2AuthorizationCode("code-" + UUID.randomUUID(), past,
				past.plus(Duration.ofMinutes(5)));
		OAuth2AccessToken access = StorageFixtures.accessToken(this.now, Duration.ofHours(1));
		OAuth2Authorization saved = builder.token(expiredCode)
			.token(access, (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build();
		this.authorizations.save(saved);

		OAuth2Authorization byCode = this.authorizations.findByToken(expiredCode.getTokenValue(), CODE);
		assertThat(byCode.getToken(OAuth2AuthorizationCode.class).isExpired()).isTrue();
		OAuth2Authorization byAccess = this.authorizations.findByToken(access.getTokenValue(), null);
		assertThat(byAccess.getAccessToken().isInvalidated()).isTrue();
		assertThat(byAccess.getAccessToken().isActive()).isFalse();
	}

	@Test
	void saveWhenRefreshRotatedThenOldAccessGoneAndOldRefreshSeenAsRotated() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2AccessToken newAccess = StorageFixtures.accessToken(this.now, Duration.ofHours(1));
		OAuth2RefreshToken newRefresh = StorageFixtures.refreshToken(this.now, Duration.ofDays(30));
		OAuth2Authorization rotated = OAuth2Authorization.from(this.authorizations.findById(first.getId()))
			.token(newAccess)
			.token(newRefresh)
			.attribute(RefreshReplay.ATTRIBUTE, rotating(first))
			.build();
		this.authorizations.save(rotated);

		String oldAccess = first.getAccessToken().getToken().getTokenValue();
		String oldRefresh = first.getRefreshToken().getToken().getTokenValue();
		assertThat(this.authorizations.findByToken(oldAccess, OAuth2TokenType.ACCESS_TOKEN)).isNull();
		assertThat(this.authorizations.findByToken(oldAccess, null)).isNull();
		assertThat(this.authorizations.findByToken(newAccess.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN))
			.isNotNull();

		OAuth2Authorization current = this.authorizations.findByToken(newRefresh.getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN);
		assertThat(current.getRefreshToken().isActive()).isTrue();
		assertThat(RotatedRefreshToken.rotatedAt(current)).isNull();

		OAuth2Authorization view = this.authorizations.findByToken(oldRefresh, OAuth2TokenType.REFRESH_TOKEN);
		assertThat(view.getId()).isEqualTo(first.getId());
		assertThat(view.getRefreshToken().getToken().getTokenValue()).isEqualTo(oldRefresh);
		assertThat(view.getRefreshToken().isInvalidated()).isTrue();
		assertThat(view.getRefreshToken().isActive()).isFalse();
		assertThat(RotatedRefreshToken.rotatedAt(view)).isBetween(this.now.minusSeconds(5), Instant.now());
		assertThat(TokenHashes.hashOf(view.getAccessToken().getToken()))
			.isEqualTo(TokenHashes.hash(newAccess.getTokenValue()));
		assertThat(this.authorizations.findByToken(oldRefresh, null)).isNotNull();
		assertThat(this.authorizations.findByToken(oldRefresh, OAuth2TokenType.ACCESS_TOKEN)).isNull();
	}

	@Test
	void saveWhenRotatedMoreOftenThanRememberedThenOnlyTheLatestAreSeenAsRotated() {
		OAuth2Authorization grant = issued();
		this.authorizations.save(grant);
		List<String> refreshTokens = new ArrayList<>();
		refreshTokens.add(grant.getRefreshToken().getToken().getTokenValue());
		for (int rotation = 0; rotation < RotatedRefreshToken.REMEMBERED + 3; rotation++) {
			grant = OAuth2Authorization.from(this.authorizations.findById(grant.getId()))
				.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
				.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
				.attribute(RefreshReplay.ATTRIBUTE, rotating(grant))
				.build();
			this.authorizations.save(grant);
			refreshTokens.add(grant.getRefreshToken().getToken().getTokenValue());
		}
		String current = refreshTokens.removeLast();
		int forgotten = refreshTokens.size() - RotatedRefreshToken.REMEMBERED;
		for (int i = 0; i < refreshTokens.size(); i++) {
			OAuth2Authorization found = this.authorizations.findByToken(refreshTokens.get(i),
					OAuth2TokenType.REFRESH_TOKEN);
			if (i < forgotten) {
				// unknown now: refused, but no longer evidence of reuse
				assertThat(found).as("rotation %d", i).isNull();
			}
			else {
				assertThat(found).as("rotation %d", i).isNotNull();
				assertThat(RotatedRefreshToken.rotatedAt(found)).as("rotation %d", i).isNotNull();
			}
		}
		assertThat(
				RotatedRefreshToken.rotatedAt(this.authorizations.findByToken(current, OAuth2TokenType.REFRESH_TOKEN)))
			.isNull();
	}

	@Test
	void findByTokenWhenAForgottenRotatedTokenNamesItsGrantThenSeenAsRotatedLongAgo() {
		OAuth2Authorization grant = issued();
		grant = OAuth2Authorization.from(grant).token(familyToken(grant)).build();
		this.authorizations.save(grant);
		String first = grant.getRefreshToken().getToken().getTokenValue();
		for (int rotation = 0; rotation < RotatedRefreshToken.REMEMBERED + 2; rotation++) {
			grant = OAuth2Authorization.from(this.authorizations.findById(grant.getId()))
				.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
				.token(familyToken(grant))
				.attribute(RefreshReplay.ATTRIBUTE, rotating(grant))
				.build();
			this.authorizations.save(grant);
		}

		// forgotten with its lifetime, still known as a replaced token of this grant: its
		// reuse is detected however many rotations came after
		OAuth2Authorization view = this.authorizations.findByToken(first, OAuth2TokenType.REFRESH_TOKEN);
		assertThat(view).isNotNull();
		assertThat(view.getId()).isEqualTo(grant.getId());
		assertThat(view.getRefreshToken().isInvalidated()).isTrue();
		assertThat(RotatedRefreshToken.rotatedAt(view)).isEqualTo(Instant.EPOCH);
		String current = grant.getRefreshToken().getToken().getTokenValue();
		assertThat(RotatedRefreshToken.rotatedAt(this.authorizations.findByToken(current, null))).isNull();
		// a value naming no grant here, or naming one but never issued for an access
		// token lookup, finds nothing
		assertThat(this.authorizations.findByToken(RotatedRefreshToken.familyValue("no-such-grant", "x"),
				OAuth2TokenType.REFRESH_TOKEN))
			.isNull();
		assertThat(this.authorizations.findByToken(first, OAuth2TokenType.ACCESS_TOKEN)).isNull();
	}

	private OAuth2RefreshToken familyToken(OAuth2Authorization grant) {
		return new OAuth2RefreshToken(RotatedRefreshToken.familyValue(grant.getId(), UUID.randomUUID().toString()),
				this.now, this.now.plus(Duration.ofDays(30)));
	}

	@Test
	void removeWhenRotatedThenNoTokenFindsIt() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization rotated = OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(first))
			.build();
		this.authorizations.save(rotated);

		this.authorizations.remove(rotated);

		assertThat(this.authorizations.findById(first.getId())).isNull();
		for (String value : new String[] { first.getRefreshToken().getToken().getTokenValue(),
				rotated.getRefreshToken().getToken().getTokenValue(),
				rotated.getAccessToken().getToken().getTokenValue(),
				first.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(),
				first.getAttribute(OAuth2ParameterNames.STATE) }) {
			assertThat(this.authorizations.findByToken(value, null)).isNull();
		}
		assertThat(((UserAuthorizations) this.authorizations).findByPrincipalName(this.person.getName())).isEmpty();
	}

	@Test
	void findByPrincipalNameWhenTwoGrantsThenBothUntilOneIsRemoved() {
		OAuth2Authorization one = issued();
		OAuth2Authorization two = issued();
		OAuth2Authorization someoneElse = StorageFixtures
			.pending(this.client, StorageFixtures.person("other-" + UUID.randomUUID()))
			.build();
		this.authorizations.save(one);
		this.authorizations.save(two);
		this.authorizations.save(someoneElse);
		UserAuthorizations grants = (UserAuthorizations) this.authorizations;

		assertThat(grants.findByPrincipalName(this.person.getName())).extracting(OAuth2Authorization::getId)
			.containsExactlyInAnyOrder(one.getId(), two.getId());

		this.authorizations.remove(one);

		assertThat(grants.findByPrincipalName(this.person.getName())).extracting(OAuth2Authorization::getId)
			.containsExactly(two.getId());
	}

	@Test
	void consentWhenSavedUpdatedAndRemovedThenFoundAccordingly() {
		OAuth2AuthorizationConsent consent = OAuth2AuthorizationConsent
			.withId(this.client.getId(), this.person.getName())
			.scope("tasks:read")
			.build();
		this.consents.save(consent);
		assertThat(this.consents.findById(this.client.getId(), this.person.getName()).getScopes())
			.containsExactly("tasks:read");

		this.consents.save(OAuth2AuthorizationConsent.from(consent)
			.scope("plan:read")
			.authority(new SimpleGrantedAuthority("CUSTOM"))
			.build());
		OAuth2AuthorizationConsent found = this.consents.findById(this.client.getId(), this.person.getName());
		assertThat(found.getScopes()).containsExactlyInAnyOrder("tasks:read", "plan:read");
		assertThat(found.getAuthorities()).extracting(Object::toString).contains("CUSTOM");
		assertThat(this.consents.findById(this.client.getId(), "someone-else")).isNull();

		this.consents.remove(found);
		assertThat(this.consents.findById(this.client.getId(), this.person.getName())).isNull();
	}

	@Test
	void clientWhenSavedAgainThenUpsertedAndFoundByBothIds() {
		assertThat(this.clients.findById(this.client.getId())).isEqualTo(this.client);
		assertThat(this.clients.findByClientId(this.client.getClientId())).isEqualTo(this.client);

		RegisteredClient renamed = RegisteredClient.from(this.client).clientName("Renamed").build();
		this.clients.save(renamed);

		assertThat(this.clients.findByClientId(this.client.getClientId()).getClientName()).isEqualTo("Renamed");
		assertThat(this.clients.findByClientId("no-such-client")).isNull();
	}

	@Test
	void findByIdWhenSavedThenNoTokenValueIsKept() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		OAuth2Authorization found = this.authorizations.findById(saved.getId());

		for (Class<? extends OAuth2Token> type : List.of(OAuth2AuthorizationCode.class, OAuth2AccessToken.class,
				OAuth2RefreshToken.class, OidcIdToken.class)) {
			String value = found.getToken(type).getToken().getTokenValue();
			assertThat(TokenHashes.isStandIn(value)).as(type.getSimpleName()).isTrue();
			assertThat(value)
				.isEqualTo(TokenHashes.standIn(TokenHashes.hash(saved.getToken(type).getToken().getTokenValue())));
		}
		assertThat(this.authorizations.findByToken(found.getAccessToken().getToken().getTokenValue(), null))
			.as("a stand-in is no token")
			.isNull();
	}

	@Test
	void findByTokenWhenFoundThenThePresentedTokenAloneCarriesItsValue() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		String access = saved.getAccessToken().getToken().getTokenValue();

		OAuth2Authorization found = this.authorizations.findByToken(access, null);

		assertThat(found.<OAuth2AccessToken>getToken(access)).isNotNull()
			.extracting((token) -> token.getToken().getScopes())
			.isEqualTo(saved.getAccessToken().getToken().getScopes());
		assertThat(found.getAccessToken().getClaims()).containsEntry("sub", this.person.getName());
		assertThat(TokenHashes.isStandIn(found.getRefreshToken().getToken().getTokenValue())).isTrue();
		String refresh = saved.getRefreshToken().getToken().getTokenValue();
		assertThat(this.authorizations.findByToken(refresh, OAuth2TokenType.REFRESH_TOKEN)
			.<OAuth2RefreshToken>getToken(refresh)).isNotNull();
	}

	@Test
	void saveWhenReadBackAndSavedAgainThenEveryTokenStillFoundAndNothingRotated() {
		OAuth2Authorization saved = issued();
		this.authorizations.save(saved);
		String access = saved.getAccessToken().getToken().getTokenValue();
		OAuth2Authorization found = this.authorizations.findByToken(access, OAuth2TokenType.ACCESS_TOKEN);

		// what the revocation endpoint does with an access token
		this.authorizations.save(OAuth2Authorization.from(found).invalidate(found.getAccessToken().getToken()).build());

		assertThat(this.authorizations.findByToken(access, null).getAccessToken().isInvalidated()).isTrue();
		OAuth2Authorization byRefresh = this.authorizations
			.findByToken(saved.getRefreshToken().getToken().getTokenValue(), OAuth2TokenType.REFRESH_TOKEN);
		assertThat(RotatedRefreshToken.rotatedAt(byRefresh)).isNull();
		assertThat(byRefresh.getRefreshToken().isActive()).isTrue();
		assertThat(this.authorizations
			.findByToken(saved.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(), CODE)).isNotNull();
	}

	@Test
	void saveWhenRefreshReplayAttachedThenReadBackUntilItsWindowEnds() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		String oldRefresh = first.getRefreshToken().getToken().getTokenValue();
		Instant windowEnds = this.now.plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		OAuth2Authorization rotated = OAuth2Authorization.from(first)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE,
					new RefreshReplay(TokenHashes.hash(oldRefresh), "k1.sealed", windowEnds))
			.build();
		this.authorizations.save(rotated);

		OAuth2Authorization view = this.authorizations.findByToken(oldRefresh, OAuth2TokenType.REFRESH_TOKEN);
		// its end as the reading server's clock has it (Redis: what it has left of it)
		assertThat(RefreshReplay.of(view, this.clock.instant())).satisfies((replay) -> {
			assertThat(replay.rotatedTokenHash()).isEqualTo(TokenHashes.hash(oldRefresh));
			assertThat(replay.sealed()).isEqualTo("k1.sealed");
			assertThat(replay.expiresAt()).isCloseTo(windowEnds, within(1, java.time.temporal.ChronoUnit.SECONDS));
		});

		// a later save that does not carry it (e.g. a revocation of the access token)
		// keeps it
		OAuth2Authorization current = this.authorizations.findById(first.getId());
		this.authorizations.save(OAuth2Authorization.from(current)
			.attributes((attributes) -> attributes.remove(RefreshReplay.ATTRIBUTE))
			.build());
		assertThat(RefreshReplay.of(this.authorizations.findById(first.getId()), this.clock.instant())).isNotNull();

		endReplayWindows(Duration.ofSeconds(6));
		assertThat(this.authorizations.findById(first.getId()).<Object>getAttribute(RefreshReplay.ATTRIBUTE)).isNull();
		assertThat(this.authorizations.findByToken(oldRefresh, null).<Object>getAttribute(RefreshReplay.ATTRIBUTE))
			.isNull();
	}

	/**
	 * The replay a rotation of {@code rotatedFrom}'s refresh token saves: what makes a
	 * save a rotation.
	 */
	protected RefreshReplay rotating(OAuth2Authorization rotatedFrom) {
		return rotating(rotatedFrom, this.now.plusSeconds(30));
	}

	private RefreshReplay rotating(OAuth2Authorization rotatedFrom, Instant graceEnds) {
		return new RefreshReplay(TokenHashes.hashOf(rotatedFrom.getRefreshToken().getToken()), "k1.sealed", graceEnds);
	}

	/**
	 * A rotation of {@code rotatedFrom}'s refresh token as the refresh grant saves it.
	 */
	protected OAuth2Authorization rotationOf(OAuth2Authorization rotatedFrom) {
		return rotationOf(rotatedFrom, this.now.plusSeconds(30));
	}

	/** ... whose replay's window ends at {@code graceEnds}. */
	private OAuth2Authorization rotationOf(OAuth2Authorization rotatedFrom, Instant graceEnds) {
		return OAuth2Authorization.from(rotatedFrom)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(30)))
			.attribute(RefreshReplay.ATTRIBUTE, rotating(rotatedFrom, graceEnds))
			.build();
	}

	@Test
	void saveWhenARotationOutlivedItsGraceAndWasOvertakenThenStillRefused() {
		// a rotation slower than the grace window, or a grace of 0: its replay has lapsed
		// by the time it saves, and it must be fenced all the same
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization slower = rotationOf(first, this.now);
		OAuth2Authorization faster = rotationOf(first);
		this.authorizations.save(faster);
		this.clock.advance(Duration.ofSeconds(1));

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations.save(slower));
		assertThat(this.authorizations.findByToken(faster.getAccessToken().getToken().getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN))
			.isNotNull();

		this.authorizations.remove(this.authorizations.findById(first.getId()));
		assertThatExceptionOfType(GrantChangedException.class)
			.isThrownBy(() -> this.authorizations.save(rotationOf(first, this.now)));
		assertThat(this.authorizations.findById(first.getId())).isNull();
	}

	@Test
	void saveWhenTheGrantAsReadBeforeARotationIsSavedThenRefusedAndTheRotatedTokensKept() {
		// a revocation that could not wait for the lock, saving what it read before
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization stale = this.authorizations.findById(first.getId());
		OAuth2Authorization rotated = rotationOf(first);
		this.authorizations.save(rotated);

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations
			.save(OAuth2Authorization.from(stale).invalidate(stale.getAccessToken().getToken()).build()));
		assertThat(this.authorizations
			.findByToken(rotated.getRefreshToken().getToken().getTokenValue(), OAuth2TokenType.REFRESH_TOKEN)
			.getRefreshToken()
			.isActive()).isTrue();
	}

	@Test
	void saveWhenARotationWasOvertakenByAnotherThenRefusedAndTheOthersTokensKept() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		// two rotations of the same refresh token; the slower one saves last
		OAuth2Authorization slower = rotationOf(first);
		OAuth2Authorization faster = rotationOf(first);
		this.authorizations.save(faster);

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations.save(slower));

		String fasterAccess = faster.getAccessToken().getToken().getTokenValue();
		assertThat(
				this.authorizations.findByToken(fasterAccess, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isActive())
			.isTrue();
		assertThat(this.authorizations
			.findByToken(faster.getRefreshToken().getToken().getTokenValue(), OAuth2TokenType.REFRESH_TOKEN)
			.getRefreshToken()
			.isActive()).isTrue();
		assertThat(this.authorizations.findByToken(slower.getAccessToken().getToken().getTokenValue(), null)).isNull();
		assertThat(this.authorizations.findByToken(slower.getRefreshToken().getToken().getTokenValue(), null)).isNull();
		// read again and saved (say, a revocation of one token): no rotation, no refusal
		this.authorizations.save(this.authorizations.findById(first.getId()));
	}

	@Test
	void saveWhenARotationFindsItsGrantRemovedThenRefusedAndNotBroughtBack() {
		OAuth2Authorization first = issued();
		this.authorizations.save(first);
		OAuth2Authorization rotation = rotationOf(first);
		this.authorizations.remove(first);

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations.save(rotation));

		assertThat(this.authorizations.findById(first.getId())).isNull();
		assertThat(this.authorizations.findByToken(rotation.getAccessToken().getToken().getTokenValue(), null))
			.isNull();
		assertThat(((UserAuthorizations) this.authorizations).findByPrincipalName(this.person.getName())).isEmpty();
	}

	/** A grant as the consent leaves it: the code issued, no token yet. */
	protected OAuth2Authorization codeIssued() {
		return StorageFixtures.pending(this.client, this.person)
			.authorizedScopes(Set.of("tasks:read", "plan:read"))
			.token(StorageFixtures.code(this.now))
			.build();
	}

	/**
	 * The redemption of {@code issued}'s code as the code grant saves it, for a client
	 * without refresh tokens.
	 */
	protected OAuth2Authorization redemptionOf(OAuth2Authorization issued) {
		OAuth2AuthorizationCode code = issued.getToken(OAuth2AuthorizationCode.class).getToken();
		return OAuth2Authorization.from(issued)
			.invalidate(code)
			.token(StorageFixtures.accessToken(this.now, Duration.ofHours(1)))
			.attribute(CodeRedemptionMark.ATTRIBUTE, new CodeRedemptionMark(TokenHashes.hashOf(code)))
			.build();
	}

	@Test
	void saveWhenARedemptionWasOvertakenByAnotherThenRefusedAndTheOthersTokenKept() {
		OAuth2Authorization issued = codeIssued();
		this.authorizations.save(issued);
		// two redemptions of one code; the slower one, past its lock's lease, saves last
		OAuth2Authorization slower = redemptionOf(issued);
		OAuth2Authorization faster = redemptionOf(issued);
		this.authorizations.save(faster);

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations.save(slower));

		String fasterAccess = faster.getAccessToken().getToken().getTokenValue();
		assertThat(
				this.authorizations.findByToken(fasterAccess, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isActive())
			.isTrue();
		assertThat(this.authorizations.findByToken(slower.getAccessToken().getToken().getTokenValue(), null)).isNull();
	}

	@Test
	void saveWhenARedemptionFindsItsGrantRemovedThenRefusedAndNotBroughtBack() {
		OAuth2Authorization issued = codeIssued();
		this.authorizations.save(issued);
		OAuth2Authorization redemption = redemptionOf(issued);
		this.authorizations.remove(issued);

		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations.save(redemption));

		assertThat(this.authorizations.findById(issued.getId())).isNull();
		assertThat(this.authorizations.findByToken(redemption.getAccessToken().getToken().getTokenValue(), null))
			.isNull();
		assertThat(((UserAuthorizations) this.authorizations).findByPrincipalName(this.person.getName())).isEmpty();
	}

	@Test
	void saveWhenARedemptionIsSavedThenItsMarkIsNotKeptAndLaterSavesAreNoRedemption() {
		OAuth2Authorization issued = codeIssued();
		this.authorizations.save(issued);
		this.authorizations.save(redemptionOf(issued));

		OAuth2Authorization stored = this.authorizations.findById(issued.getId());
		assertThat(stored.<Object>getAttribute(CodeRedemptionMark.ATTRIBUTE)).isNull();
		this.authorizations
			.save(OAuth2Authorization.from(stored).invalidate(stored.getAccessToken().getToken()).build());
		assertThat(this.authorizations.findById(issued.getId()).getAccessToken().isInvalidated()).isTrue();
	}

	@Test
	void saveWhenOnlyAStoredGrantIsChangedThenSavedIfStoredElseRefusedAndNotBroughtBack() {
		OAuth2Authorization stored = issued();
		this.authorizations.save(stored);
		OAuth2AccessToken access = stored.getAccessToken().getToken();
		OAuth2Authorization ended = StoredGrantMark.onlyIfStored(OAuth2Authorization.from(stored).invalidate(access))
			.build();

		this.authorizations.save(ended);
		OAuth2Authorization saved = this.authorizations.findById(stored.getId());
		assertThat(saved.getAccessToken().isInvalidated()).isTrue();
		assertThat(saved.<Object>getAttribute(StoredGrantMark.ATTRIBUTE)).isNull();

		// a removal that could not wait for the grant's lock came first
		this.authorizations.remove(saved);
		assertThatExceptionOfType(GrantChangedException.class).isThrownBy(() -> this.authorizations.save(ended));
		assertThat(this.authorizations.findById(stored.getId())).isNull();
		assertThat(this.authorizations.findByToken(stored.getRefreshToken().getToken().getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN))
			.isNull();
		assertThat(((UserAuthorizations) this.authorizations).findByPrincipalName(stored.getPrincipalName())).isEmpty();
	}

	/**
	 * A grant whose Deferno token the store lost (Redis evicted its vault entry and its
	 * sign-in's, or lost them in a failover) gets no more tokens: its refresh is refused
	 * with {@code invalid_grant}, and the grant goes with every token of it, so that its
	 * client signs the person in again instead of refreshing into tokens every tool call
	 * refuses. Rotations while the token is there go on as ever.
	 */
	@Test
	void saveWhenARotationFindsTheGrantsDefernoTokenLostThenInvalidGrantAndTheGrantRemoved() {
		TokenVault vault = TestVaults.on(this.values, this.sets);
		String handle = vault.storeSignIn(new DefernoCredential("dfr-token", null), "t1", this.person.getName(),
				TestVaults.SIGN_IN_IDLE);
		VaultBoundAuthorizationService bound = vaultBound(vault);
		OAuth2Authorization first = signedInWith(issued(), handle);
		bound.save(first);
		OAuth2Authorization second = rotationOf(first);
		bound.save(second);
		assertThat(vault.forGrant(first.getId())).map(DefernoCredential::token).contains("dfr-token");

		loseVaultEntries(first.getId(), handle);
		OAuth2Authorization third = rotationOf(second);

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> bound.save(third))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT))
			.withMessageContaining("sign");
		assertThat(bound.findById(first.getId())).isNull();
		for (OAuth2Authorization version : List.of(first, second, third)) {
			assertThat(bound.findByToken(version.getRefreshToken().getToken().getTokenValue(), null)).isNull();
			assertThat(bound.findByToken(version.getAccessToken().getToken().getTokenValue(), null)).isNull();
		}
		assertThat(bound.findByPrincipalName(this.person.getName())).isEmpty();
		assertThat(vault.forGrant(first.getId())).isEmpty();
	}

	/** As a refresh: the code's redemption gets no tokens and ends the grant. */
	@Test
	void saveWhenARedemptionFindsTheGrantsDefernoTokenLostThenInvalidGrantAndTheGrantRemoved() {
		TokenVault vault = TestVaults.on(this.values, this.sets);
		String handle = vault.storeSignIn(new DefernoCredential("dfr-token", null), "t1", this.person.getName(),
				TestVaults.SIGN_IN_IDLE);
		VaultBoundAuthorizationService bound = vaultBound(vault);
		OAuth2Authorization issued = signedInWith(codeIssued(), handle);
		bound.save(issued);
		loseVaultEntries(issued.getId(), handle);
		OAuth2Authorization redemption = redemptionOf(issued);

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> bound.save(redemption))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT));
		assertThat(bound.findById(issued.getId())).isNull();
		assertThat(bound.findByToken(issued.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(), CODE))
			.isNull();
		assertThat(bound.findByToken(redemption.getAccessToken().getToken().getTokenValue(), null)).isNull();
		assertThat(bound.findByPrincipalName(this.person.getName())).isEmpty();
	}

	/** The store as the application sees it: bound to a vault on the same store. */
	@SuppressWarnings("unchecked")
	private <S extends OAuth2AuthorizationService & UserAuthorizations> VaultBoundAuthorizationService vaultBound(
			TokenVault vault) {
		return new VaultBoundAuthorizationService((S) this.authorizations, vault,
				new AuthorizationLifetime(Duration.ofMinutes(10)), this.clock);
	}

	/**
	 * {@code authorization} of the person signed in with the vault's sign-in
	 * {@code handle}.
	 */
	private OAuth2Authorization signedInWith(OAuth2Authorization authorization, String handle) {
		return OAuth2Authorization.from(authorization)
			.attribute(Principal.class.getName(), new DefernoAuthenticationToken(this.person.getPrincipal(), handle))
			.build();
	}

	/** As Redis evicts them under {@code allkeys-lru}: the keys alone. */
	private void loseVaultEntries(String grantId, String handle) {
		this.values.delete("vault:grant:" + grantId);
		this.values.delete("vault:sign-in:" + handle);
	}

}
