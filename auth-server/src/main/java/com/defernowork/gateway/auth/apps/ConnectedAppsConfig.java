package com.defernowork.gateway.auth.apps;

import com.defernowork.gateway.auth.storage.UserAuthorizations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

@Configuration(proxyBeanMethods = false)
class ConnectedAppsConfig {

	@Bean
	ConnectedApps connectedApps(UserAuthorizations userAuthorizations, OAuth2AuthorizationService authorizations,
			RegisteredClientRepository clients) {
		return new ConnectedApps(userAuthorizations, authorizations, clients);
	}

}
