package com.defernowork.gateway.auth.web;

import java.io.IOException;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.HtmlPages;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Error pages get the pages' protective headers even when the request never reached
 * Spring Security (refused by a filter before it: undecodable parameters, a direct
 * {@code /error}), whose header writer skips the error dispatch.
 */
final class ErrorPageHeaders extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HtmlPages.protect(response);
		chain.doFilter(request, response);
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<ErrorPageHeaders> errorPageHeaders() {
			FilterRegistrationBean<ErrorPageHeaders> registration = new FilterRegistrationBean<>(
					new ErrorPageHeaders());
			registration.setDispatcherTypes(EnumSet.of(DispatcherType.ERROR));
			return registration;
		}

	}

}
