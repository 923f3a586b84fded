package com.defernowork.gateway.web.observe;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.observation.ClientRequestObservationConvention;

/**
 * {@link OutboundUrlsWithoutQueryObservationConvention} for every {@code RestClient}
 * built from Boot's builder (Boot's observation customizer takes the convention bean).
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration")
@ConditionalOnClass(ClientRequestObservationConvention.class)
public class OutboundUrlsWithoutQueryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ClientRequestObservationConvention.class)
	OutboundUrlsWithoutQueryObservationConvention outboundUrlsWithoutQuery() {
		return new OutboundUrlsWithoutQueryObservationConvention();
	}

}
