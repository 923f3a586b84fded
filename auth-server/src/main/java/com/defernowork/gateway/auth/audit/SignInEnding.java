package com.defernowork.gateway.auth.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How an upstream sign-in ended, as the {@code sign_in} audit event says it and
 * {@code gateway.auth.sign.ins{connector,outcome,reason}} counts it: a few fixed values,
 * so that a panel of failures shows neither people who cancelled nor an unbounded tag
 * (the upstream's own error code goes into the audit line alone, as {@code error}).
 */
public enum SignInEnding {

	SUCCESS("success", SignInEnding.NONE),

	/** The person pressed Cancel at the upstream ({@code access_denied}). */
	CANCELLED("cancelled", SignInEnding.NONE),

	/**
	 * The answer matched no sign-in under way in its browser: used already, given up on,
	 * another browser's, or the browser came back at another address than it left from.
	 */
	EXPIRED("failure", "expired"),

	/**
	 * Deferno (or the identity provider) could not be reached, failed on its side, asked
	 * for a pause or was too slow.
	 */
	DEFERNO_UNAVAILABLE("failure", "deferno_unavailable"),

	/**
	 * Deferno (or the identity provider) refused: its code, our registration or
	 * configuration there, or an error it reported.
	 */
	DEFERNO_REFUSED("failure", "deferno_refused"),

	/**
	 * Anything else: an incomplete or repeated answer, or this server's own store
	 * failing.
	 */
	OTHER("failure", "other");

	static final String COUNTER = "gateway.auth.sign.ins";

	/** The reason of an ending that is no failure. */
	static final String NONE = "none";

	private final String outcome;

	private final String reason;

	SignInEnding(String outcome, String reason) {
		this.outcome = outcome;
		this.reason = reason;
	}

	/**
	 * The audit event of a sign-in through {@code connector} that ended so.
	 * @param user the person's Deferno id, or null
	 * @param client the MCP client being connected, or null when none is known
	 */
	public AuditEvent event(String connector, String user, String client) {
		return AuditEvent.of(AuditEvent.SIGN_IN, user, client)
			.with("connector", connector)
			.with("outcome", this.outcome)
			.with("reason", NONE.equals(this.reason) ? null : this.reason);
	}

	/**
	 * Every sign-in counter of the connector at zero, so that the first failure after a
	 * start shows in {@code increase()}.
	 */
	public static void atZero(MeterRegistry registry, String connector) {
		for (SignInEnding ending : values()) {
			counter(registry, connector, ending.outcome, ending.reason);
		}
	}

	static Counter counter(MeterRegistry registry, String connector, String outcome, String reason) {
		return registry.counter(COUNTER, "connector", connector, "outcome", outcome, "reason", reason);
	}

}
