package com.defernowork.gateway.auth.storage;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenHashesTests {

	private final Instant now = Instant.now();

	private final RegisteredClient client = StorageFixtures.publicClient();

	@Test
	void hashWhenValueThenLowercaseHexSha256() {
		assertThat(TokenHashes.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void atRestWhenTokensThenStandInsWithTheSameMetadataAndHashedOnlyOnce() {
		OAuth2AccessToken access = StorageFixtures.accessToken(this.now, Duration.ofHours(1));
		OAuth2Authorization authorization = StorageFixtures.pending(this.client, StorageFixtures.person("u1"))
			.token(access, (metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build();

		OAuth2Authorization atRest = TokenHashes.atRest(authorization);

		OAuth2AccessToken stored = atRest.getAccessToken().getToken();
		assertThat(stored.getTokenValue()).isEqualTo("sha256:" + TokenHashes.hash(access.getTokenValue()));
		assertThat(TokenHashes.isStandIn(stored.getTokenValue())).isTrue();
		assertThat(stored.getScopes()).isEqualTo(access.getScopes());
		assertThat(stored.getExpiresAt()).isEqualTo(access.getExpiresAt());
		assertThat(atRest.getAccessToken().isInvalidated()).isTrue();
		assertThat(TokenHashes.atRest(atRest).getAccessToken().getToken().getTokenValue())
			.isEqualTo(stored.getTokenValue());
		assertThat(TokenHashes.hashOf(stored)).isEqualTo(TokenHashes.hash(access.getTokenValue()));
	}

	@Test
	void revealedWhenPresentedValueMatchesThenThatTokenAloneCarriesIt() {
		OAuth2AccessToken access = StorageFixtures.accessToken(this.now, Duration.ofHours(1));
		OAuth2Authorization atRest = TokenHashes
			.atRest(StorageFixtures.pending(this.client, StorageFixtures.person("u1"))
				.token(access)
				.token(StorageFixtures.refreshToken(this.now, Duration.ofDays(1)))
				.build());

		OAuth2Authorization revealed = TokenHashes.revealed(atRest, access.getTokenValue());

		assertThat(revealed.<OAuth2AccessToken>getToken(access.getTokenValue())).isNotNull();
		assertThat(TokenHashes.isStandIn(revealed.getRefreshToken().getToken().getTokenValue())).isTrue();
		assertThat(TokenHashes.revealed(atRest, "something else")).isSameAs(atRest);
	}

	@Test
	void withValueWhenTokenOfAKindNoStoreKeepsThenRefusedRatherThanKeptInClear() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> TokenHashes.withValue(new OAuth2DeviceCode("d", this.now, this.now.plusSeconds(60)), "x"));
	}

	@Test
	void isStandInWhenOrdinaryTokenThenFalse() {
		assertThat(TokenHashes.isStandIn("sha256:short")).isFalse();
		assertThat(TokenHashes.isStandIn(StorageFixtures.accessToken(this.now, Duration.ofHours(1)).getTokenValue()))
			.isFalse();
	}

}
