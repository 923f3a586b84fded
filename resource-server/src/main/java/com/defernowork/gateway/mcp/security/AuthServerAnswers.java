package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.HttpClientErrorException;

/**
 * What the authorization server last made of this server's client credentials, seen in
 * every call made as that client ({@link AuthServerHttp}) and in the health check's
 * probe. A change between accepted, refused and misdirected is logged here, once: with
 * refused credentials, or {@code AUTH_INTERNAL_URL} leading to another service, every MCP
 * request fails the same way, and a line per request would bury the cause.
 */
public final class AuthServerAnswers {

	/** The setting, as a log line names it. */
	public static final String INTERNAL_URL = "AUTH_INTERNAL_URL (mcp.security.internal-url)";

	private static final Logger logger = LoggerFactory.getLogger(AuthServerAnswers.class);

	private final AtomicReference<Observation> last = new AtomicReference<>();

	private final AtomicReference<Answer> verdict = new AtomicReference<>();

	private final String clientId;

	private final Clock clock;

	public AuthServerAnswers(String clientId, Clock clock) {
		this.clientId = clientId;
		this.clock = clock;
	}

	/**
	 * Notes an answer; {@code cause} says what was seen (status and path, or why there
	 * was no answer) and never carries a credential.
	 */
	public void record(Answer answer, String cause) {
		if (answer == Answer.UNAVAILABLE) {
			// says nothing about the credentials: a refusal, or another service
			// answering, stands until they are accepted
			Answer verdict = this.verdict.get();
			if (verdict != Answer.REFUSED && verdict != Answer.MISDIRECTED) {
				this.last.set(new Observation(answer, cause, this.clock.instant()));
			}
			return;
		}
		this.last.set(new Observation(answer, cause, this.clock.instant()));
		Answer before = this.verdict.get();
		if (before != answer && this.verdict.compareAndSet(before, answer)) {
			logChange(before, answer, cause);
		}
	}

	/** The latest answer, or {@code null} before the first. */
	public Observation last() {
		return this.last.get();
	}

	public String clientId() {
		return this.clientId;
	}

	/**
	 * Whether {@code failure} is the authorization server refusing this server's
	 * credentials (HTTP 401), already reported here.
	 */
	public static boolean isCredentialRefusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpClientErrorException.Unauthorized) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the status, from the introspection endpoint, says that another service than
	 * the authorization server answered there: the authorization server answers an
	 * introspection by this server's client 200, or 401 or 403 for its credentials, or
	 * 429 or 5xx while it cannot serve, never 404 or another 4xx.
	 */
	public static boolean misdirectsIntrospection(int status) {
		return status >= 400 && status < 500 && status != 401 && status != 403 && status != 429;
	}

	/**
	 * What to tell the operator when what answers at {@code AUTH_INTERNAL_URL} gave
	 * {@code answered}, which the authorization server never does.
	 * @param setting how the setting is named: in full for a log line
	 */
	public static String misdirected(String setting, String answered) {
		return setting + " does not lead to the authorization server: what answers there gave " + answered
				+ ", which the authorization server never does. MCP requests fail (with opaque tokens each is "
				+ "answered 503) until AUTH_INTERNAL_URL is the authorization server's address as this server reaches "
				+ "it (e.g. http://auth-server:9000), not Deferno's or another service's";
	}

	private void logChange(Answer before, Answer now, String cause) {
		if (now == Answer.MISDIRECTED) {
			logger.error(misdirected(INTERNAL_URL, cause));
		}
		else if (before == Answer.MISDIRECTED && now == Answer.ACCEPTED) {
			logger.info("The authorization server answers at AUTH_INTERNAL_URL again ({})", cause);
		}
		else if (now == Answer.REFUSED) {
			logger.error("The authorization server refuses this server's client credentials ({}): MCP requests fail "
					+ "(with opaque tokens each is answered 503; with JWTs each tool call needing Deferno returns an "
					+ "error) until RS_CLIENT_ID (here '{}') and RS_CLIENT_SECRET are the same as the authorization "
					+ "server's RS_CLIENT_ID and RS_CLIENT_SECRET", cause, this.clientId);
		}
		else if (before == Answer.REFUSED) {
			logger.info("The authorization server accepts this server's client credentials again ({})", cause);
		}
	}

	/** What an answer says about this server's client credentials. */
	public enum Answer {

		/** A 2xx: the credentials were accepted. */
		ACCEPTED,

		/** A 401 (or a client that may not introspect): the credentials are refused. */
		REFUSED,

		/** No usable answer (connection failure, timeout, 5xx, 429): nothing is known. */
		UNAVAILABLE,

		/**
		 * An answer the authorization server never gives (404 from its introspection
		 * endpoint): {@code AUTH_INTERNAL_URL} leads to another service.
		 */
		MISDIRECTED

	}

	/**
	 * @param answer what the answer says about the credentials
	 * @param cause what was seen, for the operator
	 * @param at when
	 */
	public record Observation(Answer answer, String cause, Instant at) {
	}

}
