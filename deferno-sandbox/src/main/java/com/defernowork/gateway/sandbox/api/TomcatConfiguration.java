package com.defernowork.gateway.sandbox.api;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an encoded slash through in a path segment: GitHub aliases arrive as
 * {@code /items/by-alias/octo%2Frepo%2344} and Tomcat rejects {@code %2F} by default.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	TomcatConnectorCustomizer encodedSlashPassthrough() {
		return (connector) -> connector.setEncodedSolidusHandling("passthrough");
	}

}
