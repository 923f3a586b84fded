package com.defernowork.gateway.auth.vault;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import com.defernowork.gateway.auth.storage.KeyValueStore;
import com.defernowork.gateway.auth.storage.SecretSeal;
import com.defernowork.gateway.auth.storage.SigningKeys;
import com.defernowork.gateway.auth.storage.StorageKind;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * The token vault on the store's key-value port; each store binds it to grants
 * ({@link VaultBoundAuthorizationService}). Its keys are checked against what the store
 * holds before anything is served ({@link VaultKeyCheck}), and seal the JWT signing key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
@PropertySource("classpath:vault.properties")
public class VaultConfig {

	@Bean
	TokenVault tokenVault(KeyValueStore store, VaultProperties properties, Environment environment) {
		VaultKeys keys = VaultKeys.from(properties, StorageKind.resolve(environment));
		TokenCipher cipher = new TokenCipher(keys);
		VaultKeyCheck.verify(store, cipher, keys);
		return new TokenVault(store, cipher);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(KeyValueStore store, TokenVault vault) {
		SecretSeal seal = vault.sealFor("signing-key");
		SigningKeys.sealStored(store, seal);
		return SigningKeys.jwkSource(store, seal);
	}

}
