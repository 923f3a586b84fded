package com.defernowork.gateway.mcp.http;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OutboundHttpConfig {

	@Bean
	OutboundHttp outboundHttp(HttpClientSettings settings) {
		return new OutboundHttp(settings);
	}

}
