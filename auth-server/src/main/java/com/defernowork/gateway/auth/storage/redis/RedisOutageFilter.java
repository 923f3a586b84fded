package com.defernowork.gateway.auth.storage.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisCommandExecutionException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;

import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.config.OAuthErrorJson;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While Redis cannot answer, or refuses a command for good because of how it is set up,
 * every request that needs it gets 503 with {@code Retry-After} instead of a 500: clients
 * an OAuth error {@code temporarily_unavailable} in JSON, a browser a page. Retrying is
 * safe: a failed refresh did not use up its token, and one whose save went through unseen
 * gets the same token pair within the refresh grace (a retry as told comes within about
 * 25 s of the rotation, see {@code StorageConfig}). Setup refusals are logged at ERROR
 * with what to change; other error replies stay server errors, with their trace.
 */
final class RedisOutageFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(RedisOutageFilter.class);

	private static final List<String> CLIENT_ENDPOINTS = List.of("/oauth2/token", "/oauth2/introspect",
			"/oauth2/revoke", "/oauth2/register", "/oauth2/jwks", "/.well-known/", "/internal/");

	/** Served, they show Redis is back. */
	private static final Set<String> NEEDS_REDIS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
			"/oauth2/register", "/internal/");

	private static final String PAGES = "pages";

	private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

	private final Duration retryAfter;

	private final ITemplateEngine templates;

	private final AtomicLong lastLogged = new AtomicLong();

	private final Map<String, AtomicLong> lastLoggedOutages = new ConcurrentHashMap<>();

	/** By {@link #kind}, while its requests meet an outage. */
	private final Map<String, Outage> outages = new ConcurrentHashMap<>();

	private final RedisReconnections reconnections;

	RedisOutageFilter(Duration retryAfter, ITemplateEngine templates, RedisReconnections reconnections) {
		this.retryAfter = retryAfter;
		this.templates = templates;
		this.reconnections = reconnections;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!(RedisOutages.isOutage(ex) || RedisOutages.isRefusedBySetup(ex)) || response.isCommitted()) {
				throw ex;
			}
			String kind = kind(request);
			// counted under the map's lock, so that logEnd cannot end an outage as it
			// grows
			Outage outage = this.outages.compute(kind,
					(key, current) -> ((current != null) ? current : new Outage(System.nanoTime())).refused());
			log(request, kind, outage, ex);
			response.reset();
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfter.toSeconds()));
			// the reset dropped what Spring Security had written
			HtmlPages.protect(response);
			if (wantsPage(request, kind)) {
				page(request, response);
			}
			else {
				error(response);
			}
			return;
		}
		// an answer that needed Redis; a refusal such as a 401 may not have
		if (!this.outages.isEmpty() && response.getStatus() < 400) {
			logEnd(request);
		}
	}

	/**
	 * Says once, for every kind at once (one Redis), that Redis serves again: when a
	 * request that needs it is served and none was refused for a while. Only for an
	 * outage whose start was logged, and not set off by a page: a stylesheet needs no
	 * Redis.
	 */
	private void logEnd(HttpServletRequest request) {
		String kind = kind(request);
		if (PAGES.equals(kind) || !(NEEDS_REDIS.contains(kind) || this.outages.containsKey(kind))
				|| !this.outages.values().stream().allMatch(Outage::isOver)) {
			// one outage of one Redis: over once no kind was refused for a while
			return;
		}
		Map<String, Long> refused = new TreeMap<>();
		List<Outage> ended = new ArrayList<>();
		for (String each : List.copyOf(this.outages.keySet())) {
			this.outages.computeIfPresent(each, (key, outage) -> {
				if (!outage.isOver()) {
					return outage;
				}
				refused.put(key, outage.count.get());
				ended.add(outage);
				return null;
			});
		}
		if (ended.stream().anyMatch((outage) -> outage.announced)) {
			// from the first refusal: the refusals' own span is 0 s for one
			long since = ended.stream().mapToLong((outage) -> outage.since).min().orElseThrow();
			logger.info(
					"Redis serves requests again, {} s after the first request it could not serve: {} requests "
							+ "were answered 503 ({})",
					Duration.ofNanos(System.nanoTime() - since).toSeconds(),
					refused.values().stream().mapToLong(Long::longValue).sum(), refused);
		}
	}

	private void error(HttpServletResponse response) throws IOException {
		// RFC 6749 defines the code for the authorization endpoint; the other endpoints
		// have none for an outage
		OAuthErrorJson.write(response, HttpStatus.SERVICE_UNAVAILABLE, new OAuth2Error(
				OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
				"The authorization server cannot use its store right now (unreachable, or refusing its commands); retry in "
						+ this.retryAfter.toSeconds() + " seconds.",
				null));
	}

	private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HtmlPages.render(this.templates, response, HttpStatus.SERVICE_UNAVAILABLE.value(), "unavailable",
				Map.of("seconds", this.retryAfter.toSeconds(), "reload", HttpMethod.GET.matches(request.getMethod())));
	}

	private static String kind(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return CLIENT_ENDPOINTS.stream().filter(path::startsWith).findFirst().orElse(PAGES);
	}

	private static boolean wantsPage(HttpServletRequest request, String kind) {
		if (!PAGES.equals(kind)) {
			return false;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
	}

	/**
	 * One line per interval, for an outage per kind of request: what one endpoint met (a
	 * timeout, a refused write) need not be what another did.
	 */
	private void log(HttpServletRequest request, String kind, Outage current, Exception ex) {
		boolean outage = RedisOutages.isOutage(ex);
		AtomicLong lastLogged = outage ? this.lastLoggedOutages.computeIfAbsent(kind, (key) -> new AtomicLong())
				: this.lastLogged;
		long now = System.nanoTime();
		long last = lastLogged.get();
		if ((last != 0 && now - last < LOG_INTERVAL.toNanos()) || !lastLogged.compareAndSet(last, now)) {
			return;
		}
		if (outage) {
			current.announce();
			// Redis's own words when it refuses the connection or, for a while, commands
			RedisCommandExecutionException reply = RedisOutages.unavailableReply(ex);
			RedisCommandExecutionException reconnection = (reply == null) ? this.reconnections.refusal() : null;
			if (reply != null || reconnection != null) {
				RedisCommandExecutionException said = (reply != null) ? reply : reconnection;
				logger.warn("Redis refuses the auth server's {}; answering 503 (first: {} {}). Redis says \"{}\". {}.",
						(reply != null) ? "commands for now" : "connection", request.getMethod(),
						request.getRequestURI(), said.getMessage(), RedisOutages.whatToChange(said));
			}
			else {
				logger.warn("Redis is unavailable; answering 503 (first: {} {}): {}", request.getMethod(),
						request.getRequestURI(), RedisOutages.describe(ex));
			}
		}
		else {
			RedisCommandExecutionException refusal = RedisOutages.refusal(ex);
			logger.error(
					"Redis refuses a command the auth server needs; answering 503 until that changes "
							+ "(first: {} {}). Redis says \"{}\". {}.",
					request.getMethod(), request.getRequestURI(), refusal.getMessage(),
					RedisOutages.whatToChange(refusal));
		}
	}

	private static final class Outage {

		/** Longer than a command waits for Redis (2 s by default). */
		private static final long QUIET_NANOS = Duration.ofSeconds(3).toNanos();

		private final long since;

		private final AtomicLong last;

		private final AtomicLong count = new AtomicLong();

		private volatile boolean announced;

		Outage(long since) {
			this.since = since;
			this.last = new AtomicLong(since);
		}

		Outage refused() {
			this.count.incrementAndGet();
			this.last.set(System.nanoTime());
			return this;
		}

		void announce() {
			this.announced = true;
		}

		boolean isOver() {
			return System.nanoTime() - this.last.get() > QUIET_NANOS;
		}

	}

}
