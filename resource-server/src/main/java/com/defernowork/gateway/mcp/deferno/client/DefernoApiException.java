package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import com.defernowork.gateway.web.http.RetryAfter;
import com.defernowork.gateway.web.text.PrintableText;

/**
 * Deferno answered with an error, or could not be reached (then a synthesised 502/504
 * like the reference client). The message is what an agent reads: {@code Deferno API
 * error {status} [{code}]: {message}}.
 */
public final class DefernoApiException extends RuntimeException {

	public static final String DEFERNO_ERROR = "deferno_error";

	static final String TIMEOUT = "deferno_timeout";

	static final String UNREACHABLE = "deferno_unreachable";

	static final String POOL_EXHAUSTED = "pool_exhausted";

	static final String UNKNOWN_OUTCOME = "unknown_outcome";

	public static final String CANCELLED = "cancelled";

	/** Deferno answered, larger than this gateway reads: the caller asks for less. */
	public static final String ANSWER_TOO_LARGE = "answer_too_large";

	/** Deferno answered while this gateway had no room to read it in time. */
	static final String NO_ROOM = "no_room";

	private final int status;

	private final String code;

	private final String detail;

	private final boolean enveloped;

	private final Duration retryAfter;

	private final String reason;

	/**
	 * What the error is about, leading the message ({@code item_id 'acme-9'}); or null.
	 */
	private final String subject;

	/** Deferno's answer that caused this error, or {@code null}. */
	private final Answer answer;

	/**
	 * An error Deferno did not word in its API envelope, or one of this gateway's own.
	 */
	public DefernoApiException(int status, String code, String detail) {
		this(status, code, detail, false, null, DEFERNO_ERROR, null, null);
	}

	private DefernoApiException(int status, String code, String detail, boolean enveloped, Duration retryAfter,
			String reason, String subject, Answer answer) {
		super(((subject != null) ? subject + ": " : "")
				+ (DEFERNO_ERROR.equals(reason) ? format(status, code, detail, retryAfter) : detail));
		this.status = status;
		this.code = code;
		this.detail = detail;
		this.enveloped = enveloped;
		this.retryAfter = retryAfter;
		this.reason = reason;
		this.subject = subject;
		this.answer = answer;
	}

	/** An error in Deferno's API envelope: its handler answered. */
	static DefernoApiException enveloped(int status, String code, String detail) {
		return new DefernoApiException(status, code, detail, true, null, DEFERNO_ERROR, null, null);
	}

	/**
	 * No answer came: {@code reason} says why, for the operator (see {@link #reason()}).
	 * The message is {@code detail} alone: "Deferno API error" and a status would claim
	 * an answer Deferno never sent; the status is for the audit and the log.
	 */
	static DefernoApiException unanswered(int status, String reason, String detail) {
		return new DefernoApiException(status, null, detail, false, null, reason, null, null);
	}

	/** The same error with the wait Deferno asked for, which the message then names. */
	DefernoApiException withRetryAfter(Duration wait) {
		return new DefernoApiException(this.status, this.code, this.detail, this.enveloped, wait, this.reason,
				this.subject, this.answer);
	}

	/**
	 * The same refusal, saying that the sign-in has ended: read where the answer cannot
	 * become the 401 that makes the client sign in again (a streamed answer, a batch's);
	 * the client's next request gets that 401.
	 */
	DefernoApiException signInEnded() {
		return new DefernoApiException(this.status, this.code,
				this.detail
						+ "; Deferno no longer accepts this sign-in: sign in again through the MCP client's OAuth flow",
				this.enveloped, this.retryAfter, this.reason, this.subject, this.answer);
	}

	/**
	 * The same error, its message led by what it is about, so that an agent can tell
	 * which of a call's arguments Deferno refused: {@code item_id 'acme-9': Deferno API
	 * error 404 [not_found]: item not found}.
	 */
	public DefernoApiException about(String subject) {
		return new DefernoApiException(this.status, this.code, this.detail, this.enveloped, this.retryAfter,
				this.reason, subject, this.answer);
	}

	/**
	 * The same error with this gateway's words after Deferno's, where Deferno's alone
	 * would send the agent the wrong way.
	 */
	public DefernoApiException adding(String words) {
		return new DefernoApiException(this.status, this.code, this.detail + words, this.enveloped, this.retryAfter,
				this.reason, this.subject, this.answer);
	}

	/**
	 * The same error, caused by this answer of Deferno's (or of a proxy in front of it).
	 */
	DefernoApiException answeredBy(int status, String requestId) {
		return new DefernoApiException(this.status, this.code, this.detail, this.enveloped, this.retryAfter,
				this.reason, this.subject, new Answer(status, requestId));
	}

	/**
	 * What went wrong in the operator's terms, for the audit line: {@code deferno_error}
	 * (an answer, or this gateway's refusal), {@code deferno_timeout},
	 * {@code deferno_unreachable}, {@code pool_exhausted}, {@code unknown_outcome} (a
	 * write that got no answer) or {@code cancelled} (by the client, before it was sent).
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * The answer that caused this error, for the audit: {@code null} when none came (or
	 * the error is this gateway's own, before any call).
	 */
	public Answer answer() {
		return this.answer;
	}

	/**
	 * What the error is about ({@link #about}: an argument Deferno refused), or
	 * {@code null} when it is the refusal of the call itself.
	 */
	public String subject() {
		return this.subject;
	}

	public int status() {
		return this.status;
	}

	public String detail() {
		return this.detail;
	}

	/**
	 * How long Deferno asked to wait before trying again; {@code null} when it did not.
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether Deferno's API handlers worded this error (its {@code {version, data,
	 * error}} envelope) rather than its web framework, a proxy or this gateway.
	 */
	public boolean enveloped() {
		return this.enveloped;
	}

	/**
	 * An answer as the operator asks Deferno's operators about it: its HTTP status (which
	 * {@link #status()} need not be: a redirect is reported as 502) and its
	 * {@code X-Request-Id}, or {@code null}.
	 */
	public record Answer(int status, String requestId) {

		/** Longer ids are cut: the header is Deferno's (or a proxy's) to fill. */
		private static final int MAX_REQUEST_ID = 100;

		public Answer {
			requestId = (requestId != null) ? PrintableText.of(requestId, MAX_REQUEST_ID) : null;
		}

	}

	private static String format(int status, String code, String detail, Duration retryAfter) {
		String message = (code != null && !code.isEmpty())
				? "Deferno API error " + status + " [" + code + "]: " + detail
				: "Deferno API error " + status + ": " + detail;
		if (retryAfter == null || retryAfter.isZero()) {
			return message;
		}
		long seconds = RetryAfter.seconds(retryAfter);
		// a wait of years is no number to act on
		String wait = (seconds > Duration.ofDays(1).toSeconds()) ? "more than a day"
				: seconds + ((seconds == 1) ? " second" : " seconds");
		return message + "; Deferno asks to wait " + wait + " before trying again";
	}

}
