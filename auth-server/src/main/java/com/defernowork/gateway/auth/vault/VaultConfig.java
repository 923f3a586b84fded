package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.SecretSeal;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * The token vault on the store's key-value port; each store binds it to grants
 * ({@link VaultBoundAuthorizationService}). Its keys are checked against what the store
 * holds before anything is served ({@link VaultKeyCheck}), and seal the JWT signing key.
 * Every auth server sweeps for Deferno tokens to revoke ({@link DefernoTokenSweep}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
@EnableScheduling
@PropertySource("classpath:vault.properties")
public class VaultConfig {

	/** How often each auth server looks for Deferno tokens no one holds any longer. */
	static final Duration REVOCATION_SWEEP_INTERVAL = Duration.ofMinutes(1);

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
	DefernoTokenSweep defernoTokenSweep(TokenVault vault, DefernoTokenHolders holders, UserAuthorizations grants,
			AuthorizationLifetime lifetime, ObjectProvider<Clock> clock, DefernoTokenRevoker revoker,
			ApplicationEventPublisher events) {
		UnrecordedHolds unrecorded = new UnrecordedHolds(grants, vault, holders, lifetime,
				clock.getIfAvailable(Clock::systemUTC));
		return new DefernoTokenSweep(vault, holders, unrecorded, revoker, events);
	}

	@Bean
	SchedulingConfigurer defernoTokenRevocations(DefernoTokenSweep sweep) {
		return (tasks) -> tasks.addFixedDelayTask(sweep::sweep, REVOCATION_SWEEP_INTERVAL);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(KeyValueStore store, TokenVault vault) {
		SecretSeal seal = vault.sealFor("signing-key");
		SigningKeys.sealStored(store, seal);
		return SigningKeys.jwkSource(store, seal);
	}

}
