package com.defernowork.gateway.auth.metadata;

import com.defernowork.gateway.auth.config.AuthorizationServerCustomizer;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Discovery: what the RFC 8414 document says, and the OpenID configuration URL that serves the same document. */
@Configuration(proxyBeanMethods = false)
class MetadataConfig {

	@Bean
	AuthorizationServerCustomizer metadataCustomizer() {
		ServerMetadata metadata = new ServerMetadata();
		return (authorizationServer) -> authorizationServer.authorizationServerMetadataEndpoint(
				(endpoint) -> endpoint.authorizationServerMetadataCustomizer(metadata::customize));
	}

	@Bean
	FilterRegistrationBean<OpenIdConfigurationAlias> openIdConfigurationAlias() {
		FilterRegistrationBean<OpenIdConfigurationAlias> registration = new FilterRegistrationBean<>(
				new OpenIdConfigurationAlias());
		// after the forwarded-headers filter, before Spring Security
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
