package com.defernowork.gateway.auth.config;

import java.util.function.Consumer;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;

/**
 * A feature's contribution to the protocol endpoints (authorize, token, introspect,
 * revoke, metadata). The protocol filter chain applies every bean of this type, in
 * {@code @Order}. Contributions must add, not replace: use the configurers' single-item
 * methods ({@code authenticationProvider(..)}, {@code accessTokenRequestConverter(..)})
 * or {@link #postProcessing}, since a second list consumer on one endpoint would replace
 * the first (those taken: client authentication's, the authorization endpoint's
 * providers, the token endpoint's converters and providers, revocation's and
 * introspection's).
 */
@FunctionalInterface
public interface AuthorizationServerCustomizer {

	void customize(OAuth2AuthorizationServerConfigurer authorizationServer);

	/**
	 * Customizes every object of the given type a configurer creates (e.g. one
	 * authentication provider or filter). Typed by {@code instanceof}: the framework
	 * applies a post-processor whose type it cannot resolve to every object.
	 */
	static <T> ObjectPostProcessor<Object> postProcessing(Class<T> type, Consumer<? super T> customizer) {
		return new ObjectPostProcessor<>() {

			@Override
			public <O> O postProcess(O object) {
				if (type.isInstance(object)) {
					customizer.accept(type.cast(object));
				}
				return object;
			}

		};
	}

}
