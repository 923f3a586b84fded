package com.defernowork.gateway.auth.registration;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.token.ClientTokenSettings;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The resource server's client: registered at start ({@link RsClientRegistrar}) and put
 * back by the client store the moment a lookup misses it ({@link RsClientRepository},
 * bean {@value #REPOSITORY}, which wraps the store's own
 * {@code registeredClientRepository} and is what {@code cimd/} wraps in turn).
 */
@Configuration(proxyBeanMethods = false)
class RsClientConfig {

	static final String REPOSITORY = "rsClientRepository";

	@Bean
	RsClient rsClient(AuthProperties properties, ClientTokenSettings tokenSettings, ClientSecretEncoder secrets) {
		return new RsClient(properties.rsClient(), tokenSettings::build, secrets);
	}

	@Bean(REPOSITORY)
	RsClientRepository rsClientRepository(@Qualifier("registeredClientRepository") RegisteredClientRepository store,
			RsClient rsClient) {
		return new RsClientRepository(store, rsClient);
	}

}
