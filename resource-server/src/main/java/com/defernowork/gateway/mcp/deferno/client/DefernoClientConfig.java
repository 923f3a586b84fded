package com.defernowork.gateway.mcp.deferno.client;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DefernoProperties.class)
class DefernoClientConfig {

	@Bean(destroyMethod = "close")
	CloseableHttpClient defernoHttpClient(DefernoProperties properties) {
		Timeout connect = Timeout.of(properties.connectTimeout());
		Timeout read = Timeout.of(properties.readTimeout());
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
			.setMaxConnTotal(properties.maxConnections())
			.setMaxConnPerRoute(properties.maxConnections())
			.build();
		// retries are DefernoClient's decision (reads only), never the HTTP client's
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(read).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
	}

	@Bean
	DefernoClient defernoClient(RestClient.Builder builder, CloseableHttpClient defernoHttpClient,
			DefernoProperties properties, JsonMapper jsonMapper, ObjectProvider<DefernoTokenSource> tokenSources,
			ObjectProvider<DefernoUnauthorizedListener> unauthorizedListeners) {
		RestClient restClient = builder.clone()
			.requestFactory(new HttpComponentsClientHttpRequestFactory(defernoHttpClient))
			.build();
		return new DefernoClient(restClient, properties, jsonMapper, tokenSources, unauthorizedListeners);
	}

}
