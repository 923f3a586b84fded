package com.defernowork.gateway.auth.vault;

import java.time.Clock;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.SecretSeal;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * The token vault on the store's key-value port; each store binds it to grants
 * ({@link VaultBoundAuthorizationService}). Its keys are checked against what the store
 * holds before anything is served ({@link VaultKeyCheck}), and seal the JWT signing key.
 * Which tokens are revoked at Deferno when is recorded here
 * ({@link DefernoTokenHolders}); {@link DefernoTokenRevocationConfig} sweeps for them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
@PropertySource("classpath:vault.properties")
public class VaultConfig {

	@Bean
	DefernoTokenHolders defernoTokenHolders(ScoredSets sets, ObjectProvider<Clock> clock) {
		return new DefernoTokenHolders(sets, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	TokenVault tokenVault(KeyValueStore store, VaultProperties properties, Environment environment,
			DefernoTokenHolders holders, ObjectProvider<Clock> clock) {
		VaultKeys keys = VaultKeys.from(properties, StorageKind.resolve(environment));
		TokenCipher cipher = new TokenCipher(keys);
		VaultKeyCheck.verify(store, cipher, keys);
		return new TokenVault(store, cipher, holders, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	SigningKeys signingKeys(KeyValueStore store, TokenVault vault) {
		SecretSeal seal = vault.sealFor("signing-key");
		SigningKeys.sealStored(store, seal);
		return new SigningKeys(store, seal);
	}

}
