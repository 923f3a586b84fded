package com.defernowork.gateway.auth.vault;

import java.time.Clock;

import com.defernowork.gateway.auth.storage.AuthorizationLifetime;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VaultProperties.class)
@PropertySource("classpath:vault.properties")
class VaultConfig {

	@Bean
	TokenVault tokenVault(VaultStore store, VaultProperties properties) {
		return new TokenVault(store, new TokenCipher(VaultKeys.from(properties)));
	}

	@Bean
	@ConditionalOnStorage(StorageKind.REDIS)
	VaultStore redisVaultStore(StringRedisTemplate redis,
			StorageProperties storage) {
		return new RedisVaultStore(redis, storage.redis().keyPrefix());
	}

	@Bean
	@ConditionalOnStorage(StorageKind.MEMORY)
	VaultStore memoryVaultStore() {
		return new MemoryVaultStore(Clock.systemUTC());
	}

	/** Wraps whichever authorization service the store provides, keeping all the interfaces it implements. */
	@Bean
	static BeanPostProcessor vaultBindingPostProcessor(ObjectProvider<TokenVault> vault,
			ObjectProvider<AuthorizationLifetime> lifetime) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof OAuth2AuthorizationService)) {
					return bean;
				}
				ProxyFactory proxy = new ProxyFactory(bean);
				proxy.addAdvice(new VaultBindingInterceptor(vault, lifetime, Clock.systemUTC()));
				return proxy.getProxy(bean.getClass().getClassLoader());
			}
		};
	}

}
