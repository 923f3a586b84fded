package com.defernowork.gateway.auth.cimd;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.micrometer.core.instrument.binder.httpcomponents.hc5.ObservationExecChainHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.Closer;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;
import com.defernowork.gateway.web.http.CallerNetwork;
import com.defernowork.gateway.web.text.PrintableText;

/**
 * Fetches metadata documents the way the draft asks, and so that a {@code client_id}
 * cannot make this server a proxy into its own network: addresses come only from the
 * {@link VettedDnsResolver}, redirects are refused, at most {@value #MAX_BYTES} bytes are
 * read, and the whole exchange is bounded in time. A 5xx answer counts as the host being
 * unavailable, not as the document being refused. Apache HttpClient rather than
 * {@code RestClient}: the overall deadline needs the request's {@code cancel()}, which
 * {@code RestClient} hides.
 */
final class DocumentFetcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DocumentFetcher.class);

	/** How much of a host's header the log quotes. */
	private static final int MAX_LOGGED = 200;

	/** The draft's recommended limit. */
	static final int MAX_BYTES = 5 * 1024;

	private final CloseableHttpClient http;

	private final FetchPermits permits;

	private final Duration timeout;

	DocumentFetcher(DnsResolver dns, SSLContext tls, Duration connectTimeout, Duration timeout, int maxConcurrent,
			ObservationRegistry observations) {
		this.permits = new FetchPermits(maxConcurrent);
		this.timeout = timeout;
		// @formatter:off
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(dns)
				.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
				.setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
					.http1Config(Http1Config.custom().setMaxLineLength(8 * 1024).setMaxHeaderCount(64).build())
					.build())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(connectTimeout))
					.setSocketTimeout(Timeout.of(timeout))
					.build())
				.setMaxConnTotal(maxConcurrent)
				.setMaxConnPerRoute(maxConcurrent)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(Timeout.of(connectTimeout))
				.setResponseTimeout(Timeout.of(timeout))
				.build())
			.setConnectionReuseStrategy((request, response, context) -> false)
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableContentCompression()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableConnectionState()
			.setUserAgent("deferno-mcp-gateway (client metadata)")
			// observed, so that the fetch carries the trace context of the request needing it
			.addExecInterceptorLast("observation",
					new ObservationExecChainHandler(observations, new DocumentFetchObservationConvention()))
			.build();
		// @formatter:on
	}

	/**
	 * Fetches the document; with validators ({@code ETag}, {@code Last-Modified}) from a
	 * cached copy the request is conditional and a 304 answer is accepted too.
	 * @param caller the network of the request that needs the document
	 * ({@link CallerNetwork}), which shares the capacity with the other requests from it;
	 * null for none
	 * @throws ClientDocumentException saying why there is no document
	 */
	FetchedDocument fetch(ClientIdUrl url, CacheHeaders validators, String caller) {
		try (FetchPermits.Permit permit = this.permits.acquire(FetchSite.of(url), caller)) {
			return send(url, validators);
		}
	}

	private FetchedDocument send(ClientIdUrl url, CacheHeaders validators) {
		HttpGet get = new HttpGet(url.uri());
		get.setHeader(HttpHeaders.ACCEPT, ContentType.APPLICATION_JSON.getMimeType());
		if (validators.etag() != null) {
			get.setHeader(HttpHeaders.IF_NONE_MATCH, validators.etag());
		}
		if (validators.lastModified() != null) {
			get.setHeader(HttpHeaders.IF_MODIFIED_SINCE, validators.lastModified());
		}
		// the socket timeout bounds each read; this bounds the whole exchange, however
		// slowly the bytes drip
		CompletableFuture.delayedExecutor(this.timeout.toMillis(), TimeUnit.MILLISECONDS).execute(get::cancel);
		ClassicHttpResponse response = null;
		try {
			response = this.http.executeOpen(null, get, null);
			return read(url, response, validators.hasValidators());
		}
		catch (VettedDnsResolver.RefusedAddressException ex) {
			throw ClientDocumentException.notFetched(Reason.REFUSED_ADDRESS, "its host " + url.host()
					+ " has a private or special-use address, and this server does not fetch from such addresses.");
		}
		catch (UnknownHostException ex) {
			throw ClientDocumentException.notFetched(Reason.UNAVAILABLE, "its host " + url.host() + " was not found.");
		}
		catch (SSLException ex) {
			throw ClientDocumentException.notFetched(Reason.UNAVAILABLE, "the secure connection to " + url.host()
					+ " failed (its certificate is not trusted or not valid for that name).");
		}
		catch (IOException ex) {
			if (get.isCancelled() || ex instanceof SocketTimeoutException || ex instanceof ConnectTimeoutException) {
				throw ClientDocumentException.notFetched(Reason.UNAVAILABLE,
						url.host() + " did not answer within " + this.timeout.toMillis() + " ms.");
			}
			if (ex instanceof ConnectionClosedException || ex instanceof MalformedChunkCodingException) {
				throw ClientDocumentException.notFetched(Reason.UNAVAILABLE,
						url.host() + " broke off its answer before the document was complete.");
			}
			throw ClientDocumentException.notFetched(Reason.UNAVAILABLE, url.host() + " could not be reached.");
		}
		finally {
			// never drain the rest of a body we refused: drop the connection
			get.cancel();
			Closer.closeQuietly(response);
		}
	}

	private static FetchedDocument read(ClientIdUrl url, ClassicHttpResponse response, boolean conditional)
			throws IOException {
		int status = response.getCode();
		if (status == HttpStatus.SC_NOT_MODIFIED && conditional) {
			return new FetchedDocument(null, CacheHeaders.of(response));
		}
		if (status == HttpStatus.SC_NOT_MODIFIED) {
			throw refused("the server answered HTTP 304 (not modified) to a request for the whole document.");
		}
		if (status >= 300 && status < 400) {
			throw refused("the server redirects it elsewhere (HTTP " + status
					+ "); a document must be served at its own address, and redirects are not followed.");
		}
		if (status >= HttpStatus.SC_SERVER_ERROR) {
			throw ClientDocumentException.notFetched(Reason.UNAVAILABLE,
					"the server answered HTTP " + status + " instead of 200.");
		}
		if (status != HttpStatus.SC_OK) {
			throw refused("the server answered HTTP " + status + " instead of 200.");
		}
		HttpEntity entity = response.getEntity();
		if (entity == null) {
			throw refused("the answer has no body.");
		}
		ContentType type = ContentType.parseLenient(entity.getContentType());
		// the page names what is wrong, not the host's header: anyone can publish a
		// document, and its host's words must not appear as the gateway's
		boolean json = type != null && ContentType.APPLICATION_JSON.isSameMimeType(type);
		if (!json || !isUtf8(type.getParameter("charset"))) {
			logger.info("Client metadata document {} is served as {}", url.value(),
					PrintableText.of(entity.getContentType(), MAX_LOGGED));
			throw refused(!json ? "it is not served as application/json."
					: "its Content-Type names a charset other than UTF-8, the one JSON is exchanged in "
							+ "(RFC 8259 section 8.1).");
		}
		if (entity.getContentEncoding() != null && !"identity".equalsIgnoreCase(entity.getContentEncoding())) {
			logger.info("Client metadata document {} is sent with Content-Encoding {}", url.value(),
					PrintableText.of(entity.getContentEncoding(), MAX_LOGGED));
			throw refused("it is sent compressed (Content-Encoding), which this server does not accept.");
		}
		if (entity.getContentLength() > MAX_BYTES) {
			throw tooLarge();
		}
		// not closed here: closing a chunked stream would read it to its end; send()
		// drops the connection instead
		InputStream in = entity.getContent();
		byte[] body = in.readNBytes(MAX_BYTES + 1);
		if (body.length > MAX_BYTES) {
			throw tooLarge();
		}
		return new FetchedDocument(body, CacheHeaders.of(response));
	}

	/**
	 * None named, UTF-8, or US-ASCII (UTF-8's subset, whose bytes read the same), as
	 * {@code /mcp} takes: a document read as UTF-8 whatever its header named could mean
	 * something else to another reader of it.
	 */
	private static boolean isUtf8(String charset) {
		if (charset == null) {
			return true;
		}
		try {
			Charset named = Charset.forName(charset);
			return StandardCharsets.UTF_8.equals(named) || StandardCharsets.US_ASCII.equals(named);
		}
		catch (IllegalArgumentException ex) {
			// an unknown or malformed name
			return false;
		}
	}

	private static ClientDocumentException tooLarge() {
		return refused("it is larger than " + MAX_BYTES / 1024 + " KB.");
	}

	private static ClientDocumentException refused(String detail) {
		return ClientDocumentException.notFetched(Reason.REFUSED_RESPONSE, detail);
	}

	@Override
	public void close() {
		this.http.close(CloseMode.IMMEDIATE);
	}

}
