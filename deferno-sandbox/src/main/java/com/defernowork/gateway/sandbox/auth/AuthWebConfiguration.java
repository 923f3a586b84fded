package com.defernowork.gateway.sandbox.auth;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer authentication for {@code /api/**}, except the native OAuth and internal
 * endpoints.
 */
@Configuration(proxyBeanMethods = false)
class AuthWebConfiguration implements WebMvcConfigurer {

	private final Tokens tokens;

	AuthWebConfiguration(Tokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new BearerAuthenticationInterceptor(this.tokens))
			.addPathPatterns("/api/**")
			.excludePathPatterns("/api/auth/native/**", "/api/internal/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new AccountArgumentResolver());
	}

}
