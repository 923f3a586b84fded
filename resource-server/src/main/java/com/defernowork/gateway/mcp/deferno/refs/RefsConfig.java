package com.defernowork.gateway.mcp.deferno.refs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;

@Configuration(proxyBeanMethods = false)
class RefsConfig {

	@Bean
	RefResolver refResolver(DefernoClient defernoClient) {
		return new RefResolver(defernoClient);
	}

}
