package com.defernowork.gateway.auth.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebConfig {

	/** Only for requests from outside (the registration's default): the container's error forwards pass. */
	@Bean
	FilterRegistrationBean<DirectErrorRequests> directErrorRequests(@Value("${server.error.path:/error}") String path) {
		FilterRegistrationBean<DirectErrorRequests> registration = new FilterRegistrationBean<>(
				new DirectErrorRequests(path));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
