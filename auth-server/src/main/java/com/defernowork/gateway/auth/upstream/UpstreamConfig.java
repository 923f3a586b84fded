package com.defernowork.gateway.auth.upstream;

import java.net.http.HttpClient;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.storage.ConditionalOnStorage;
import com.defernowork.gateway.auth.storage.StorageKind;
import com.defernowork.gateway.auth.storage.StorageProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamProperties.class)
@PropertySource("classpath:upstream.properties")
class UpstreamConfig {

	static final String CALLBACK_PATH = "/login/callback";

	/** The issuer exactly as metadata states it: what {@code iss} must repeat (RFC 9207). */
	private final String issuer;

	/** Our sign-in callback at Deferno, under the issuer. */
	private final String callback;

	UpstreamConfig(AuthProperties properties) {
		this.issuer = properties.issuer();
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		this.callback = base + CALLBACK_PATH;
	}

	@Bean
	UpstreamHttp upstreamHttp(UpstreamProperties properties) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(properties.readTimeout());
		return new UpstreamHttp(RestClient.builder().requestFactory(requests).build());
	}

	@Bean
	DefernoApi defernoApi(UpstreamHttp http, UpstreamProperties properties) {
		return new DefernoApi(http, properties.defernoBaseUrl());
	}

	@Bean
	@ConditionalOnProperty(name = "auth.upstream.connector", havingValue = "deferno", matchIfMissing = true)
	UpstreamConnector defernoNativeConnector(DefernoApi deferno, NativeClientStore clients,
			UpstreamProperties properties) {
		return new DefernoNativeConnector(deferno, clients, properties.defernoClientId(), properties.clientName(),
				this.callback);
	}

	@Bean
	@ConditionalOnProperty(name = "auth.upstream.connector", havingValue = "oidc")
	UpstreamConnector oidcConnector(UpstreamHttp http, DefernoApi deferno, UpstreamProperties properties) {
		Assert.hasText(properties.oidcIssuer(), "UPSTREAM_CONNECTOR=oidc needs OIDC_ISSUER");
		Assert.hasText(properties.oidcClientId(), "UPSTREAM_CONNECTOR=oidc needs OIDC_CLIENT_ID");
		Assert.hasText(properties.internalSharedSecret(), "UPSTREAM_CONNECTOR=oidc needs INTERNAL_SHARED_SECRET");
		return new OidcConnector(http, deferno, properties, this.callback);
	}

	@Bean
	@ConditionalOnStorage(StorageKind.REDIS)
	NativeClientStore redisNativeClientStore(StringRedisTemplate redis,
			StorageProperties storage) {
		return new RedisNativeClientStore(redis, storage.redis().keyPrefix());
	}

	@Bean
	@ConditionalOnStorage(StorageKind.MEMORY)
	NativeClientStore memoryNativeClientStore() {
		return new MemoryNativeClientStore();
	}

	@Bean
	AccessDeniedRedirect accessDeniedRedirect(RegisteredClientRepository clients) {
		return new AccessDeniedRedirect(clients, this.issuer);
	}

}
