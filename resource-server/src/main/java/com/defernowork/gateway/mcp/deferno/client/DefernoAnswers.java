package com.defernowork.gateway.mcp.deferno.client;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpMethod;

/**
 * Whether Deferno answered the latest request sent to it: every call the tools make notes
 * it here, as does the health component's probe, which reads it. Noting costs one small
 * object per call; the words are put together only when health is read.
 */
public final class DefernoAnswers {

	private final AtomicReference<Observation> last = new AtomicReference<>();

	private final Clock clock;

	public DefernoAnswers(Clock clock) {
		this.clock = clock;
	}

	/** Deferno, or a proxy in front of it, answered {@code status}. */
	public void answered(HttpMethod method, String path, int status, String requestId) {
		this.last.set(new Observation(method, path, status, requestId, null, this.clock.instant()));
	}

	/** No answer came: {@code what} says why, in the operator's words. */
	public void unanswered(HttpMethod method, String path, String what) {
		this.last.set(new Observation(method, path, 0, null, what, this.clock.instant()));
	}

	/** The latest, or {@code null} before Deferno was first asked. */
	public Observation last() {
		return this.last.get();
	}

	/**
	 * @param status the answer's status, {@code 0} when none came
	 * @param requestId Deferno's {@code X-Request-Id}, if it gave one
	 * @param failure why no answer came, {@code null} when one did
	 * @param at when
	 */
	public record Observation(HttpMethod method, String path, int status, String requestId, String failure,
			Instant at) {

		/**
		 * Whether Deferno serves: it answered, and not with a failure of its own (a 502,
		 * 503 or 504 is a proxy's or an overloaded Deferno's, a 500 a broken one; a 501
		 * refuses what was asked).
		 */
		public boolean serving() {
			return this.status > 0 && !Envelope.failedOnItsSide(this.status);
		}

		/**
		 * What was seen, naming the endpoint by its template ({@code /items/{id}}), never
		 * an id, a query or a token.
		 */
		public String cause() {
			String call = this.method + " " + PathTemplate.of(this.path).path();
			if (this.status == 0) {
				return call + ": " + this.failure;
			}
			return this.status + " from " + call
					+ ((this.requestId != null) ? " (X-Request-Id " + this.requestId + ")" : "");
		}

	}

}
