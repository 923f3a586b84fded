package com.defernowork.gateway.auth.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebConfig {

	@Bean
	FilterRegistrationBean<OpenIdConfigurationAlias> openIdConfigurationAlias() {
		FilterRegistrationBean<OpenIdConfigurationAlias> registration = new FilterRegistrationBean<>(
				new OpenIdConfigurationAlias());
		// after the forwarded-headers filter, before Spring Security
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
