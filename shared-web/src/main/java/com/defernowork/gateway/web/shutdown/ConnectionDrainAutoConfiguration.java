package com.defernowork.gateway.web.shutdown;

import java.time.Duration;

import jakarta.servlet.DispatcherType;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link ConnectionDrain} in both servers when they shut down gracefully (their default):
 * half a second without requests ends it, 3.5 s once one came during the drain (nginx
 * leaves out a server it could not connect to for 2 to 3 s), 10 s at most, within the
 * time compose gives each server to stop.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Tomcat.class)
@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
public class ConnectionDrainAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionDrain connectionDrain() {
		return new ConnectionDrain(Duration.ofMillis(500), Duration.ofMillis(3500), Duration.ofSeconds(10));
	}

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> connectionDrainConnectors(ConnectionDrain drain) {
		return (factory) -> factory.addConnectorCustomizers(drain::add);
	}

	@Bean
	FilterRegistrationBean<ConnectionDrain> connectionDrainFilter(ConnectionDrain drain) {
		FilterRegistrationBean<ConnectionDrain> registration = new FilterRegistrationBean<>(drain);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
