package com.defernowork.gateway.auth.metadata;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Discovery: what the RFC 8414 document says, and the OpenID configuration URL that
 * serves the same document.
 */
@Configuration(proxyBeanMethods = false)
class MetadataConfig {

	@Bean
	AuthorizationServerCustomizer metadataCustomizer() {
		ServerMetadata metadata = new ServerMetadata();
		return (authorizationServer) -> authorizationServer.authorizationServerMetadataEndpoint(
				(endpoint) -> endpoint.authorizationServerMetadataCustomizer(metadata::customize));
	}

}
