package com.defernowork.gateway.auth.security;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;

/**
 * A contribution to the authorization server's protocol endpoints from another feature package (e.g. the
 * token-exchange grant). The protocol filter chain applies every bean of this type, in {@code @Order}.
 */
@FunctionalInterface
public interface AuthorizationServerCustomizer {

	void customize(OAuth2AuthorizationServerConfigurer authorizationServer);

}
