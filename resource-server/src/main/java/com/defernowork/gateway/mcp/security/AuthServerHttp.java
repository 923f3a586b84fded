package com.defernowork.gateway.mcp.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;

import com.defernowork.gateway.mcp.http.RepeatUnanswered;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP to the authorization server as this server's confidential client, with the
 * configured timeouts: one client for introspection, token exchange and revocation, one
 * pool. What each call says about the credentials goes to {@link AuthServerAnswers}.
 */
public final class AuthServerHttp {

	private final ClientHttpRequestFactory requestFactory;

	private final RestClient restClient;

	public AuthServerHttp(RestClient.Builder builder, ClientHttpRequestFactory requestFactory,
			McpSecurityProperties properties, AuthServerAnswers answers) {
		// every call here may be repeated: introspection, JWKS and metadata read, an
		// exchange answers the grant's one token again, a revocation is idempotent
		this.requestFactory = new InterceptingClientHttpRequestFactory(requestFactory, List.of(new RepeatUnanswered()));
		this.restClient = builder.clone()
			.requestFactory(this.requestFactory)
			.baseUrl(properties.internalUrl())
			.defaultHeaders((headers) -> headers.setBasicAuth(basicCredential(properties.clientId()),
					basicCredential(properties.clientSecret())))
			.requestInterceptor(new AnswerRecordingInterceptor(answers))
			.build();
	}

	/**
	 * Authenticated as this server's client, relative URIs resolved against the internal
	 * URL.
	 */
	public RestClient restClient() {
		return this.restClient;
	}

	/**
	 * The same connections without client credentials, e.g. for the public JWKS and
	 * metadata.
	 */
	public ClientHttpRequestFactory requestFactory() {
		return this.requestFactory;
	}

	/**
	 * A cache of this server's answers per token whose questions run on virtual threads:
	 * a question outlives the request that asked it when that request's budget runs out,
	 * and is bounded by the HTTP timeouts. The thread takes over the asking request's
	 * observation, so the call to the authorization server stays in its trace.
	 */
	public static <V> TokenAnswerCache<V> answerCache(McpSecurityProperties properties, String threadPrefix) {
		ExecutorService threads = Executors
			.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadPrefix, 0).factory());
		return new TokenAnswerCache<>(properties.cache().maximumSize(), properties.checkTimeout(),
				ContextExecutorService.wrap(threads, ContextSnapshotFactory.builder().build()), Ticker.systemTicker());
	}

	/**
	 * The client id or secret as HTTP Basic credentials for an OAuth server:
	 * form-urlencoded first (RFC 6749 §2.3.1), which the authorization server decodes, so
	 * secrets with {@code :} or {@code %} work.
	 */
	static String basicCredential(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
