package com.defernowork.gateway.web;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link MediaRangeRequests} in both servers, right after the forwarded headers
 * ({@link ForwardedHeaders}, which reads them the same way itself).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class MediaRangeRequestsAutoConfiguration {

	@Bean
	FilterRegistrationBean<MediaRangeRequests> mediaRangeRequests() {
		FilterRegistrationBean<MediaRangeRequests> registration = new FilterRegistrationBean<>(
				new MediaRangeRequests());
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
