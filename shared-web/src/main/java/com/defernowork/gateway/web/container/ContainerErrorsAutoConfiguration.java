package com.defernowork.gateway.web.container;

import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Puts {@link JsonErrorReportValve} inside the error report valve Spring Boot adds, so it
 * answers first and Boot's (HTML) finds the error already reported.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Tomcat.class)
public class ContainerErrorsAutoConfiguration {

	/** Unordered, so after Boot's own customizer (order 0), whose valve comes first. */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> jsonContainerErrors(
			ObjectProvider<ContainerErrorBody> body) {
		ContainerErrorBody json = body.getIfAvailable(() -> ContainerErrorBody::oauth);
		return (factory) -> factory.addContextCustomizers(
				(context) -> context.getParent().getPipeline().addValve(new JsonErrorReportValve(json)));
	}

}
