package com.defernowork.gateway.mcp.deferno.client;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.http.OutboundHttp;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DefernoProperties.class)
class DefernoClientConfig {

	@Bean
	DefernoClient defernoClient(RestClient.Builder builder, OutboundHttp outboundHttp, DefernoProperties properties,
			JsonMapper jsonMapper, ObjectProvider<DefernoTokenSource> tokenSources,
			ObjectProvider<DefernoUnauthorizedListener> unauthorizedListeners) {
		RestClient restClient = builder.clone()
			.requestFactory(outboundHttp.requestFactory(properties.connectTimeout(), properties.readTimeout(),
					properties.maxConnections()))
			.build();
		return new DefernoClient(restClient, properties, jsonMapper, tokenSources, unauthorizedListeners);
	}

}
