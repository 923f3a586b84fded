package com.defernowork.gateway.mcp.http;

import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import com.defernowork.gateway.web.http.DeadlineExceededException;
import com.defernowork.gateway.web.http.ExchangeDeadline;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The one HTTP client stack of the resource server: Apache HttpClient 5 behind
 * {@code RestClient}, with Boot's {@code spring.http.clients.*} settings (redirects, SSL)
 * and per-target timeouts and pool size. Every target (authorization server, Deferno)
 * gets its own pool, so a slow one cannot starve the other.
 */
public final class OutboundHttp {

	private static final TimeValue IDLE_EVICTION = TimeValue.ofSeconds(30);

	/**
	 * A pooled connection idle this long is checked before reuse: the server may have
	 * closed it meanwhile (keep-alive timeout, restart), and a request sent on it would
	 * fail without automatic retries.
	 */
	private static final TimeValue STALE_CHECK = TimeValue.ofSeconds(1);

	/**
	 * How long a connection is reused before a new one is opened, to an address of the
	 * target's name picked at random ({@link ShufflingDnsResolver}): calls spread over
	 * the auth servers (or Deferno hosts) a name stands for, including those added or
	 * restarted since the pool filled.
	 */
	private static final Duration CONNECTION_TTL = Duration.ofMinutes(1);

	private final HttpClientSettings settings;

	private final TimeValue connectionTtl;

	private final DnsResolver dns;

	public OutboundHttp(HttpClientSettings settings) {
		this(settings, CONNECTION_TTL, SystemDefaultDnsResolver.INSTANCE);
	}

	OutboundHttp(HttpClientSettings settings, Duration connectionTtl, DnsResolver system) {
		this.settings = settings;
		this.connectionTtl = TimeValue.of(connectionTtl);
		this.dns = new ShufflingDnsResolver(system, new Random());
	}

	/**
	 * A request factory with its own connection pool.
	 * @param connectTimeout bound on opening a connection and on waiting for a pooled one
	 * @param readTimeout bound on waiting for the response and for each read of it
	 * @param maxConnections pool size (total and per route)
	 */
	public ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout, int maxConnections) {
		return pooled(connectTimeout, readTimeout, maxConnections, (client) -> {
		});
	}

	/**
	 * {@link #requestFactory(Duration, Duration, int)} whose requests end, whatever the
	 * server does, by the end of the time {@code timeLeft} says is left (null: no such
	 * bound), and whose whole answer, head and body, comes within {@code readTimeout} of
	 * sending, however slowly; else they fail with a {@link DeadlineExceededException}.
	 * {@code timeLeft} is read on the thread that sends.
	 */
	public ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout, int maxConnections,
			Supplier<Duration> timeLeft) {
		HttpComponentsClientHttpRequestFactory factory = pooled(connectTimeout, readTimeout, maxConnections,
				(client) -> client.addExecInterceptorFirst(ExchangeDeadline.NAME, ExchangeDeadline.handler())
					.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), ExchangeDeadline.SENDING_NAME,
							ExchangeDeadline.sending()));
		RequestConfig defaults = (factory.getHttpClient() instanceof Configurable configurable
				&& configurable.getConfig() != null) ? configurable.getConfig() : RequestConfig.DEFAULT;
		factory.setHttpContextFactory((method, uri) -> {
			Duration left = timeLeft.get();
			HttpClientContext context = HttpClientContext.create();
			ExchangeDeadline.set(context, left, readTimeout);
			if (left == null || left.compareTo(readTimeout) >= 0) {
				return context;
			}
			// the deadline ends the request in any case; with these, HttpClient ends a
			// wait for a pooled connection or a read by then itself, as it does without
			// one. Whole milliseconds, at least one: HttpClient reads 0 ms (what a
			// timeout under a millisecond rounds down to) as no timeout at all
			Timeout bound = Timeout.ofMilliseconds(Math.max(1, (left.toNanos() + 999_999) / 1_000_000));
			RequestConfig.Builder config = RequestConfig.copy(defaults).setResponseTimeout(bound);
			if (defaults.getConnectionRequestTimeout() == null
					|| defaults.getConnectionRequestTimeout().compareTo(bound) > 0) {
				config.setConnectionRequestTimeout(bound);
			}
			context.setRequestConfig(config.build());
			return context;
		});
		return factory;
	}

	private HttpComponentsClientHttpRequestFactory pooled(Duration connectTimeout, Duration readTimeout,
			int maxConnections, Consumer<HttpClientBuilder> more) {
		// @formatter:off
		return ClientHttpRequestFactoryBuilder.httpComponents()
			.withConnectionManagerCustomizer((pool) -> pool.setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections).setDnsResolver(this.dns))
			.withConnectionConfigCustomizer((connection) -> connection.setValidateAfterInactivity(STALE_CHECK).setTimeToLive(this.connectionTtl))
			.withDefaultRequestConfigCustomizer((request) -> request
				.setConnectionRequestTimeout(Timeout.of(connectTimeout))
				.setResponseTimeout(Timeout.of(readTimeout)))
			// retrying is the caller's decision (reads only), never the HTTP client's
			.withHttpClientCustomizer((client) -> more.accept(client.disableAutomaticRetries().evictIdleConnections(IDLE_EVICTION)))
			.build(this.settings.withTimeouts(connectTimeout, readTimeout));
		// @formatter:on
	}

}
