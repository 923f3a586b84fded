package com.defernowork.gateway.auth.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One security-relevant action, published as an application event where it happens and
 * written by {@link AuditLog} as one JSON line and counted by {@link AuditMetrics}. It
 * names people, clients and outcomes only: never a token, secret, code or Deferno
 * credential.
 *
 * @param type what happened, one of the constants here
 * @param user the person's id, or {@code null} when none is known
 * @param client the OAuth client id, or {@code null}
 * @param details further fields (grant type, connector, outcome, scopes…), in the order
 * added
 */
public record AuditEvent(String type, String user, String client, Map<String, Object> details) {

	public static final String SIGN_IN = "sign_in";

	public static final String CONSENT_GRANTED = "consent.granted";

	public static final String CONSENT_DENIED = "consent.denied";

	public static final String TOKEN_ISSUED = "token.issued";

	public static final String TOKEN_REFRESHED = "token.refreshed";

	public static final String TOKEN_REVOKED = "token.revoked";

	public static final String REFRESH_REUSE = "refresh.reuse_detected";

	/**
	 * A replaced refresh token presented again within the reuse grace: answered again
	 * ({@code answered}) or refused without revoking.
	 */
	public static final String REFRESH_REPLAYED = "refresh.replayed";

	public static final String CODE_REPLAY = "code.replay_detected";

	/**
	 * A code presented by another client than the one it was issued to: the framework
	 * spends it, and the grant, its owner's ({@code client}), is revoked.
	 */
	public static final String CODE_OF_ANOTHER_CLIENT = "code.other_client";

	public static final String CLIENT_REGISTERED = "client.registered";

	public static final String CLIENT_REAPED = "client.reaped";

	public static final String APP_DISCONNECTED = "app.disconnected";

	/**
	 * A client refused at the token, introspection or revocation endpoint
	 * ({@code invalid_client}).
	 */
	public static final String CLIENT_AUTHENTICATION_FAILED = "client.authentication_failed";

	/**
	 * A known client's code redemption or refresh refused ({@code invalid_grant} and the
	 * like): why a client was sent to sign in again.
	 */
	public static final String TOKEN_REFUSED = "token.refused";

	/**
	 * A Deferno token no sign-in or grant holds any longer, revoked at Deferno
	 * ({@code revoked}), found gone already, or refused.
	 */
	public static final String DEFERNO_TOKEN_REVOKED = "deferno_token.revoked";

	public AuditEvent {
		details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}

	public static AuditEvent of(String type, String user, String client) {
		return new AuditEvent(type, user, client, Map.of());
	}

	/** A copy with one more detail; a {@code null} value is left out. */
	public AuditEvent with(String key, Object value) {
		if (value == null) {
			return this;
		}
		Map<String, Object> more = new LinkedHashMap<>(this.details);
		more.put(key, value);
		return new AuditEvent(this.type, this.user, this.client, more);
	}

	/** A detail as text, or {@code fallback}. */
	public String detail(String key, String fallback) {
		Object value = this.details.get(key);
		return (value != null) ? value.toString() : fallback;
	}

}
