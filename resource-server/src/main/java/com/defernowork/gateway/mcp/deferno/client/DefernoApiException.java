package com.defernowork.gateway.mcp.deferno.client;

/**
 * Deferno answered with an error, or could not be reached (then a synthesised 502/504
 * like the reference client). The message is what an agent reads: {@code Deferno API
 * error {status} [{code}]: {message}}.
 */
public final class DefernoApiException extends RuntimeException {

	private final int status;

	private final String code;

	private final String detail;

	public DefernoApiException(int status, String code, String detail) {
		super(format(status, code, detail));
		this.status = status;
		this.code = code;
		this.detail = detail;
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

	private static String format(int status, String code, String detail) {
		return (code != null && !code.isEmpty()) ? "Deferno API error " + status + " [" + code + "]: " + detail
				: "Deferno API error " + status + ": " + detail;
	}

}
