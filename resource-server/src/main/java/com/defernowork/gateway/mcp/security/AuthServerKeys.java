package com.defernowork.gateway.mcp.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.web.logging.RateLimitedWarning;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The authorization server's published keys (JWT mode), fetched over the same connections
 * as the other calls to it and kept so that the auth server is not needed for every
 * token: Nimbus's own key source, configured as Spring's JWKS-URI decoder does not (it
 * keeps the keys 5 minutes, then fetches them on a request thread and refuses every token
 * while that fails, and fetches them again for every unknown key id).
 * <ul>
 * <li>kept {@link Timing#cache()}, fetched again in the background shortly before, and
 * tried twice;
 * <li>while the auth server cannot be reached, the keys fetched last go on being used for
 * {@link Timing#outage()};
 * <li>a token signed with a key id not among them fetches them again (the auth server may
 * have a new key), at most twice per {@link Timing#unknownKeyInterval()}; beyond that
 * such a token is simply not verifiable (401), so tokens with made-up key ids cannot make
 * this server hammer the auth server.
 * </ul>
 */
final class AuthServerKeys implements JWKSource<SecurityContext>, AutoCloseable {

	/** How long the keys are kept, how long a token waits for their fetch, and so on. */
	record Timing(Duration cache, Duration refreshWait, Duration refreshAhead, Duration unknownKeyInterval,
			Duration outage) {

		/**
		 * @param refreshWait how long a token waits for another request's fetch of the
		 * keys (the check timeout, at most a minute: Nimbus refuses one that, with the 30
		 * s of fetching ahead, would outlast the 5 minutes the keys are kept)
		 */
		static Timing standard(Duration refreshWait) {
			Duration atMostAMinute = (refreshWait.compareTo(Duration.ofMinutes(1)) > 0) ? Duration.ofMinutes(1)
					: refreshWait;
			return new Timing(Duration.ofMinutes(5), atMostAMinute, Duration.ofSeconds(30), Duration.ofSeconds(5),
					Duration.ofHours(1));
		}

	}

	private static final Logger logger = LoggerFactory.getLogger(AuthServerKeys.class);

	private final JWKSetBasedJWKSource<SecurityContext> keys;

	AuthServerKeys(String jwksUri, ClientHttpRequestFactory requestFactory, Timing timing) {
		RateLimitedWarning outage = new RateLimitedWarning(logger, Clock.systemUTC());
		this.keys = (JWKSetBasedJWKSource<SecurityContext>) JWKSourceBuilder
			.<SecurityContext>create(url(jwksUri),
					new Fetch(RestClient.builder().requestFactory(requestFactory).build()))
			.cache(timing.cache().toMillis(), timing.refreshWait().toMillis())
			.refreshAheadCache(timing.refreshAhead().toMillis(), false)
			.rateLimited(timing.unknownKeyInterval().toMillis())
			.outageTolerant(timing.outage().toMillis(),
					(event) -> outage.warn("The authorization server's keys could not be fetched: tokens are"
							+ " checked against the keys fetched last"))
			.retrying(true)
			.build();
	}

	/**
	 * The keys that fit; when none does, the keys fetched again once, unless that
	 * happened too often of late: then none (the token is refused as unverifiable).
	 * Written out rather than left to Nimbus's own source, which cannot tell that case
	 * from a fetch refused for lack of keys at all, which must stay a failure (503: the
	 * auth server cannot be reached, the token may be fine).
	 */
	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		JWKSetSource<SecurityContext> source = this.keys.getJWKSetSource();
		long now = System.currentTimeMillis();
		JWKSet known;
		try {
			known = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
		}
		catch (RateLimitReachedException ex) {
			throw new JWKSetUnavailableException("The authorization server's keys could not be fetched yet", ex);
		}
		List<JWK> selected = selector.select(known);
		if (!selected.isEmpty()) {
			return selected;
		}
		try {
			return selector
				.select(source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(known), now, context));
		}
		catch (RateLimitReachedException ex) {
			return List.of();
		}
	}

	@Override
	public void close() throws IOException {
		this.keys.close();
	}

	private static URL url(String uri) {
		try {
			return URI.create(uri).toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("Not a URL: " + uri, ex);
		}
	}

	/**
	 * Nimbus fetches through this; it expects any failure as an {@link IOException} (a
	 * Spring {@link RestClientException} would reach the client as a 500).
	 */
	private record Fetch(RestClient http) implements ResourceRetriever {

		@Override
		public Resource retrieveResource(URL url) throws IOException {
			try {
				ResponseEntity<String> answer = this.http.get().uri(url.toURI()).retrieve().toEntity(String.class);
				// a redirect is neither followed nor an error to RestClient, and
				// Nimbus fails on no keys with a bare NullPointerException (401 "null")
				if (!answer.getStatusCode().is2xxSuccessful() || answer.getBody() == null) {
					throw new IOException("The authorization server's keys could not be fetched: " + url + " answered "
							+ answer.getStatusCode().value() + " without keys");
				}
				return new Resource(answer.getBody(), answer.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
			}
			catch (RestClientException | URISyntaxException ex) {
				throw new IOException("The authorization server's keys could not be fetched: " + ex.getMessage(), ex);
			}
		}

	}

}
