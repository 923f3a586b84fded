package com.defernowork.gateway.auth.upstream;

import java.util.concurrent.Executor;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.storage.KeyValueStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Connector {@code deferno}: Deferno's native OAuth. The gateway is a public client with
 * PKCE; the code redeems to a durable personal access token, and {@code /auth/me} names
 * its owner. The token is revoked at Deferno once no sign-in or grant holds it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(UpstreamConnector.Deferno.class)
class DefernoConnectorConfig {

	/**
	 * Both the client registration and the token response client of {@code oauth2Login}.
	 */
	@Bean
	DefernoNativeClient defernoNativeClient(DefernoApi deferno, KeyValueStore store, UpstreamProperties properties,
			AuthProperties auth) {
		return new DefernoNativeClient(deferno, store, properties, UpstreamConfig.callbackUri(auth));
	}

	/**
	 * Revokes in Boot's application task executor (one sign-in's token now and then), or
	 * at once without one.
	 */
	@Bean
	OAuth2UserService<OAuth2UserRequest, OAuth2User> defernoUserService(DefernoApi deferno,
			@Qualifier("applicationTaskExecutor") ObjectProvider<Executor> executors) {
		return new NativeSignInUsers(deferno, executors.getIfAvailable(() -> Runnable::run));
	}

}
