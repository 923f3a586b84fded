package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.util.Base64;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/** Vaults for tests of other packages. */
public final class TestVaults {

	private TestVaults() {
	}

	public static TokenVault inMemory() {
		byte[] key = new byte[32];
		key[0] = 1;
		return inMemory(key);
	}

	/** A vault with the given 32-byte key (another key: another deployment, or an instance without VAULT_KEY). */
	public static TokenVault inMemory(byte[] key) {
		return new TokenVault(new MemoryVaultStore(Clock.systemUTC()), new TokenCipher(
				VaultKeys.from(new VaultProperties(Base64.getEncoder().encodeToString(key), "test", null))));
	}

	/** The authorization service the way the application sees it: bound to the vault. */
	public static OAuth2AuthorizationService bound(OAuth2AuthorizationService target, TokenVault vault) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("vault", vault);
		ProxyFactory proxy = new ProxyFactory(target);
		beans.addBean("lifetime", new AuthorizationLifetime(java.time.Duration.ofMinutes(10)));
		proxy.addAdvice(new VaultBindingInterceptor(beans.getBeanProvider(TokenVault.class),
				beans.getBeanProvider(AuthorizationLifetime.class), Clock.systemUTC()));
		return (OAuth2AuthorizationService) proxy.getProxy();
	}

}
