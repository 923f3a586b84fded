package com.defernowork.gateway.web.container;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link UndecodablePathParameters} in both servers, among the first filters: before the
 * security chain, whose matchers parse the path.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class UndecodablePathParametersAutoConfiguration {

	@Bean
	FilterRegistrationBean<UndecodablePathParameters> undecodablePathParameters(
			ObjectProvider<ContainerErrorBody> body) {
		FilterRegistrationBean<UndecodablePathParameters> registration = new FilterRegistrationBean<>(
				new UndecodablePathParameters(body.getIfAvailable(() -> ContainerErrorBody::oauth)));
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
