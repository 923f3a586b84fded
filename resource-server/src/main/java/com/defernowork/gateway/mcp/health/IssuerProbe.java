package com.defernowork.gateway.mcp.health;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.defernowork.gateway.mcp.security.AuthServerAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads, without credentials, the issuer the authorization server names in its metadata
 * at {@code AUTH_INTERNAL_URL} (RFC 8414 §3.3). MCP clients compare it with the
 * protected-resource metadata, which names this server's {@code AUTH_ISSUER}, and refuse
 * to go on when they differ; in JWT mode this server would refuse every token's
 * {@code iss} too. Logged once when the two start to differ, and when they agree again;
 * once too when a 4xx (429 aside) says that another service answers at
 * {@code AUTH_INTERNAL_URL}: the authorization server serves its metadata to anyone.
 */
final class IssuerProbe implements Runnable {

	static final String PATH = "/.well-known/oauth-authorization-server";

	private static final Logger logger = LoggerFactory.getLogger(IssuerProbe.class);

	private final RestClient authServer;

	private final String configured;

	private final Clock clock;

	private final AtomicReference<Seen> last = new AtomicReference<>();

	IssuerProbe(RestClient authServer, String configured, Clock clock) {
		this.authServer = authServer;
		this.configured = configured;
		this.clock = clock;
	}

	@Override
	public void run() {
		Seen seen;
		try {
			JsonNode metadata = this.authServer.get().uri(PATH).retrieve().body(JsonNode.class);
			JsonNode named = (metadata != null) ? metadata.path("issuer") : null;
			String issuer = (named != null && named.isString()) ? named.stringValue() : null;
			seen = new Seen(issuer, (issuer != null) ? null : "no issuer in " + PATH, false, this.clock.instant());
		}
		catch (HttpClientErrorException ex) {
			int status = ex.getStatusCode().value();
			seen = new Seen(null, status + " from " + PATH, status != 429, this.clock.instant());
		}
		catch (RestClientException ex) {
			seen = new Seen(null, "no answer from " + PATH + ": " + ex.getMessage(), false, this.clock.instant());
		}
		Seen before = this.last.getAndSet(seen);
		if (seen.misdirected() && (before == null || !before.misdirected())) {
			logger.error(AuthServerAnswers.misdirected(AuthServerAnswers.INTERNAL_URL, seen.problem()));
		}
		if (seen.issuer() == null) {
			return;
		}
		boolean agreedBefore = before == null || before.issuer() == null || agrees(before);
		if (!agrees(seen) && agreedBefore) {
			logger.error("The authorization server names itself '{}' in its metadata, while this server's AUTH_ISSUER "
					+ "(mcp.security.issuer) is '{}': MCP clients refuse the mismatch; set the same AUTH_ISSUER on "
					+ "both servers", seen.issuer(), this.configured);
		}
		else if (agrees(seen) && !agreedBefore) {
			logger.info("The authorization server's issuer agrees with AUTH_ISSUER again: '{}'", seen.issuer());
		}
	}

	Seen last() {
		return this.last.get();
	}

	String configured() {
		return this.configured;
	}

	boolean agrees(Seen seen) {
		return this.configured.equals(seen.issuer());
	}

	/**
	 * What the metadata said.
	 *
	 * @param issuer the issuer it names, or {@code null} when it could not be read
	 * @param problem why it could not, or {@code null}
	 * @param misdirected whether another service than the authorization server answered
	 * @param at when it was read
	 */
	record Seen(String issuer, String problem, boolean misdirected, Instant at) {
	}

}
