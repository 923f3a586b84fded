package com.defernowork.gateway.auth.upstream;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;
import org.thymeleaf.ITemplateEngine;

import io.micrometer.core.instrument.binder.MeterBinder;

import com.defernowork.gateway.auth.audit.SignInEnding;
import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.auth.session.SessionProperties;
import com.defernowork.gateway.auth.session.SignInCheck;
import com.defernowork.gateway.web.http.ExchangeDeadline;
import com.defernowork.gateway.web.settings.Settings;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.protocol.HttpClientContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What both connectors share: Deferno's API, the sign-in's result and failure pages,
 * where sign-in starts. Calls upstream use Boot's HTTP client set-up
 * ({@code spring.http.clients.*}, see {@code upstream.properties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamProperties.class)
@PropertySource("classpath:upstream.properties")
class UpstreamConfig {

	private final Duration connectTimeout;

	private final Duration readTimeout;

	/** Boot's client settings, checked here: Boot takes any duration. */
	UpstreamConfig(@Value("${spring.http.clients.connect-timeout:3s}") String connectTimeout,
			@Value("${spring.http.clients.read-timeout:10s}") String readTimeout) {
		this.connectTimeout = Settings.positive(connectTimeout,
				"UPSTREAM_CONNECT_TIMEOUT (spring.http.clients.connect-timeout)");
		this.readTimeout = Settings.positive(readTimeout, "UPSTREAM_READ_TIMEOUT (spring.http.clients.read-timeout)");
	}

	/**
	 * No automatic retries: HttpClient's would send a sign-in's one-time code again, and
	 * wait out any {@code Retry-After} however long. The read timeout bounds each whole
	 * answer ({@link ExchangeDeadline}), not only each read (an upstream sending a byte a
	 * second would hold the sign-in for minutes); the connect and read timeouts together
	 * bound the whole call, a wait for a pooled connection included (HttpClient's own
	 * bound on that is three minutes). No answer is read past a megabyte
	 * ({@link AnswerSizeLimit}).
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> upstreamRequests() {
		return (builder) -> builder
			.withHttpClientCustomizer((client) -> client.disableAutomaticRetries()
				.addExecInterceptorFirst(ExchangeDeadline.NAME, ExchangeDeadline.handler())
				.addExecInterceptorAfter(ExchangeDeadline.NAME, AnswerSizeLimit.NAME, AnswerSizeLimit.handler())
				.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), ExchangeDeadline.SENDING_NAME,
						ExchangeDeadline.sending()))
			.withCustomizer((factory) -> factory.setHttpContextFactory((method, uri) -> {
				HttpClientContext context = HttpClientContext.create();
				ExchangeDeadline.set(context, this.connectTimeout.plus(this.readTimeout), this.readTimeout);
				return context;
			}));
	}

	/** Our sign-in callback at the upstream, under the issuer. */
	static String callbackUri(AuthProperties properties) {
		return properties.issuer() + UpstreamSecurityConfig.CALLBACK_PATH;
	}

	@Bean
	DefernoApi defernoApi(RestClient.Builder rest, UpstreamProperties properties, JsonMapper json) {
		return new DefernoApi(rest, properties.defernoBaseUrl(), json);
	}

	/** A browser sign-in's token checked before it is copied into another grant. */
	@Bean
	SignInCheck defernoSignInCheck(DefernoApi deferno) {
		return deferno::refuses;
	}

	@Bean
	DefernoSignIn defernoSignIn(DefernoApi deferno, TokenVault vault, UpstreamProperties properties,
			SessionProperties sessions, ApplicationEventPublisher events) {
		return new DefernoSignIn(deferno, vault, properties.internalSharedSecret(), sessions.signedInTimeout(), events);
	}

	@Bean
	RequestingClient.NotingResolver upstreamAuthorizationRequests(ClientRegistrationRepository registrations,
			RegisteredClientRepository clients, WaitingRequests waiting) {
		return new RequestingClient.NotingResolver(registrations, clients, waiting);
	}

	@Bean
	SignInFailurePages signInFailurePages(RegisteredClientRepository clients, AuthProperties properties,
			ITemplateEngine templates, UpstreamProperties upstream, RequestingClient.NotingResolver starts,
			ApplicationEventPublisher events) {
		return new SignInFailurePages(clients, properties.issuer(), templates, upstream.connector(), starts::requesting,
				events);
	}

	/**
	 * The sign-in counters of this server's connector at zero from the start
	 * (AuditMetrics counts them), so that the first failure after a start shows in
	 * {@code increase()}.
	 */
	@Bean
	MeterBinder signInCounters(UpstreamProperties properties) {
		return (registry) -> SignInEnding.atZero(registry, properties.connector());
	}

	/** Sends a signed-out person straight to the upstream sign-in. */
	@Bean
	LoginUrlAuthenticationEntryPoint upstreamSignInEntryPoint(UpstreamProperties properties, WaitingRequests waiting) {
		return new WaitingRequests.EntryPoint("/oauth2/authorization/" + properties.connector(), waiting);
	}

	/** {@code /login} stays the address to sign in at: it starts the upstream sign-in. */
	@Bean
	WebMvcConfigurer loginStartsUpstreamSignIn(LoginUrlAuthenticationEntryPoint entryPoint) {
		return new WebMvcConfigurer() {

			@Override
			public void addViewControllers(ViewControllerRegistry registry) {
				registry.addRedirectViewController("/login", entryPoint.getLoginFormUrl());
			}

		};
	}

}
