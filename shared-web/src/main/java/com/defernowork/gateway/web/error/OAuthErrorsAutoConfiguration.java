package com.defernowork.gateway.web.error;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;

/**
 * {@link OAuthErrorAttributes} in both servers, in place of Boot's default error
 * document.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OAuthErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErrorAttributes.class)
	ErrorAttributes oauthErrorAttributes() {
		return new OAuthErrorAttributes();
	}

}
