package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deferno answered with an error, or could not be reached (then a synthesised 502/504
 * like the reference client). The message is what an agent reads: {@code Deferno API
 * error {status} [{code}]: {message}}.
 */
public final class DefernoApiException extends RuntimeException {

	/**
	 * How a refusal names the body's shape rather than what the body asked for: serde's
	 * and the sandbox's words for an unknown value or field, a missing field, a wrong
	 * type.
	 */
	private static final Pattern NAMES_THE_SHAPE = Pattern.compile(
			"unknown (variant|field)|missing (required )?field|invalid type|deserializ|expected shape|invalid \\w+ action",
			Pattern.CASE_INSENSITIVE);

	private final int status;

	private final String code;

	private final String detail;

	private final boolean enveloped;

	private final Duration retryAfter;

	/**
	 * An error Deferno did not word in its API envelope, or one of this gateway's own.
	 */
	public DefernoApiException(int status, String code, String detail) {
		this(status, code, detail, false, null);
	}

	private DefernoApiException(int status, String code, String detail, boolean enveloped, Duration retryAfter) {
		super(format(status, code, detail, retryAfter));
		this.status = status;
		this.code = code;
		this.detail = detail;
		this.enveloped = enveloped;
		this.retryAfter = retryAfter;
	}

	/** An error in Deferno's API envelope: its handler answered. */
	static DefernoApiException enveloped(int status, String code, String detail) {
		return new DefernoApiException(status, code, detail, true, null);
	}

	/** The same error with the wait Deferno asked for, which the message then names. */
	DefernoApiException withRetryAfter(Duration wait) {
		return new DefernoApiException(this.status, this.code, this.detail, this.enveloped, wait);
	}

	public int status() {
		return this.status;
	}

	/** The backend's snake_case error code; {@code null} when it gave none. */
	public String code() {
		return this.code;
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
	 * Deferno does not serve the route or method asked for: 405, or a 404 that names the
	 * route or comes from the router itself (not in the API envelope). A 404 about the
	 * item is not one.
	 */
	public boolean routeUnknown() {
		if (this.status == 405) {
			return true;
		}
		return this.status == 404
				&& (!this.enveloped || (this.detail != null && this.detail.toLowerCase(Locale.ROOT).contains("route")));
	}

	/**
	 * Deferno could not read the body's shape, so nothing was written and another form
	 * may be tried: a 400/422 naming an unknown value or field, a missing field or a
	 * wrong type, or one its web framework answered before any handler (not in the API
	 * envelope). A refusal of what the body asked for (a locked occurrence, a rule
	 * broken) is not one.
	 */
	public boolean bodyShapeRefused() {
		return (this.status == 400 || this.status == 422)
				&& (!this.enveloped || (this.detail != null && NAMES_THE_SHAPE.matcher(this.detail).find()));
	}

	private static String format(int status, String code, String detail, Duration retryAfter) {
		String message = (code != null && !code.isEmpty())
				? "Deferno API error " + status + " [" + code + "]: " + detail
				: "Deferno API error " + status + ": " + detail;
		if (retryAfter == null || retryAfter.isZero()) {
			return message;
		}
		long seconds = RetryAfter.seconds(retryAfter);
		return message + "; Deferno asks to wait " + seconds + ((seconds == 1) ? " second" : " seconds")
				+ " before trying again";
	}

}
