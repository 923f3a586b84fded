package com.defernowork.gateway.auth.vault;

import com.defernowork.gateway.auth.storage.KeyValueStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * The token vault on the store's key-value port; each store binds it to grants
 * ({@link VaultBoundAuthorizationService}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
@PropertySource("classpath:vault.properties")
public class VaultConfig {

	@Bean
	TokenVault tokenVault(KeyValueStore store, VaultProperties properties) {
		return new TokenVault(store, new TokenCipher(VaultKeys.from(properties)));
	}

}
