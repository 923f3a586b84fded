package com.defernowork.gateway.auth.session;

import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.config.AuthProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;

/**
 * Browser sessions through Spring Session, so that every auth server can serve every step
 * of a sign-in: the store is Redis ({@link RedisSessionConfig}) or, without Redis, a
 * bounded map ({@link MemorySessionConfig}). The cookie is {@code HttpOnly} and
 * {@code SameSite=Lax}; behind an https issuer it is also {@code Secure} and named with
 * the {@code __Host-} prefix, so no other host or path can set it.
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
@EnableConfigurationProperties(SessionProperties.class)
class SessionConfig {

	static final String COOKIE_NAME = "DEFERNO_AUTH_SESSION";

	@Bean
	CookieSerializer sessionCookie(AuthProperties properties) {
		boolean https = "https".equalsIgnoreCase(URI.create(properties.issuer()).getScheme());
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName(https ? "__Host-" + COOKIE_NAME : COOKIE_NAME);
		cookie.setCookiePath("/");
		cookie.setUseHttpOnlyCookie(true);
		cookie.setSameSite("Lax");
		cookie.setUseSecureCookie(https);
		return cookie;
	}

	/**
	 * Error dispatches too, so that an error page sees the same session as the request
	 * that failed.
	 */
	@Bean
	FilterRegistrationBean<SessionRepositoryFilter<?>> sessionRepositoryFilterRegistration(
			SessionRepositoryFilter<?> filter) {
		FilterRegistrationBean<SessionRepositoryFilter<?>> registration = new FilterRegistrationBean<>(filter);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
		return registration;
	}

	/**
	 * No flash attributes, which no page here uses, rather than read from the session on
	 * every request ({@code spring.mvc.publish-request-handled-events} is off for the
	 * same reason): a request that needs no session, such as the stylesheet's, does not
	 * wait for the session store (with Redis hanging, the outage page showed unstyled).
	 */
	@Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager flashMapManager() {
		return new FlashMapManager() {

			@Override
			public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
				return null;
			}

			@Override
			public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request,
					HttpServletResponse response) {
			}

		};
	}

	@Bean
	SignInChecks signInChecks(SessionProperties properties, ObjectProvider<Clock> clock) {
		return new SignInChecks(clock.getIfAvailable(Clock::systemUTC), properties.signInCheckInterval(),
				properties.signedInTimeout());
	}

}
