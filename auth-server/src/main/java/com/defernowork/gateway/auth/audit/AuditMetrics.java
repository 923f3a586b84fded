package com.defernowork.gateway.auth.audit;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The counters an operator graphs, derived from the {@link AuditEvent}s: tagged by
 * connector, outcome, decision, grant type or registration kind, never by person, client
 * or token (unbounded and personal).
 */
@Component
final class AuditMetrics {

	private static final String CONSENTS = "gateway.auth.consents";

	private static final String TOKENS_ISSUED = "gateway.auth.tokens.issued";

	private static final String REGISTRATIONS = "gateway.auth.registrations";

	private final MeterRegistry registry;

	AuditMetrics(MeterRegistry registry) {
		this.registry = registry;
		// at zero from the start, so that a graph of what should never happen shows 0,
		// not "no data", until it does
		for (String name : List.of("gateway.auth.tokens.revoked", "gateway.auth.refresh.reuse.detected",
				"gateway.auth.code.replay.detected", "gateway.auth.code.other.client", "gateway.auth.clients.reaped",
				"gateway.auth.apps.disconnected")) {
			registry.counter(name);
		}
		atZero(registry, CONSENTS, "decision", "granted", "denied");
		atZero(registry, "gateway.auth.refresh.replays", "answered", "true", "false");
		atZero(registry, "gateway.auth.client.authentication.failures", "method", "client_secret_basic",
				"client_secret_post", "none");
		atZero(registry, "gateway.auth.deferno.tokens.revoked", "outcome", "revoked", "gone", "refused");
		// and those of a known few values, so that the first event after a start shows in
		// increase() (the sign-ins' by the upstream configuration, which knows the
		// connector)
		atZero(registry, TOKENS_ISSUED, "grant.type", "authorization_code", "refresh_token");
		atZero(registry, REGISTRATIONS, "kind", "dcr", "cimd");
	}

	/** The counter {@code name} for each value of its one tag. */
	private static void atZero(MeterRegistry registry, String name, String tag, String... values) {
		for (String value : values) {
			registry.counter(name, tag, value);
		}
	}

	@EventListener
	void on(AuditEvent event) {
		switch (event.type()) {
			case AuditEvent.SIGN_IN ->
				SignInEnding
					.counter(this.registry, event.detail("connector", "unknown"), event.detail("outcome", "unknown"),
							event.detail("reason", SignInEnding.NONE))
					.increment();
			case AuditEvent.CONSENT_GRANTED -> consent("granted");
			case AuditEvent.CONSENT_DENIED -> consent("denied");
			case AuditEvent.TOKEN_ISSUED, AuditEvent.TOKEN_REFRESHED ->
				this.registry.counter(TOKENS_ISSUED, "grant.type", event.detail("grant_type", "unknown")).increment();
			case AuditEvent.TOKEN_REVOKED -> this.registry.counter("gateway.auth.tokens.revoked").increment();
			case AuditEvent.REFRESH_REUSE -> this.registry.counter("gateway.auth.refresh.reuse.detected").increment();
			case AuditEvent.REFRESH_REPLAYED ->
				this.registry.counter("gateway.auth.refresh.replays", "answered", event.detail("answered", "unknown"))
					.increment();
			case AuditEvent.CODE_REPLAY -> this.registry.counter("gateway.auth.code.replay.detected").increment();
			case AuditEvent.CODE_OF_ANOTHER_CLIENT ->
				this.registry.counter("gateway.auth.code.other.client").increment();
			case AuditEvent.CLIENT_REGISTERED ->
				this.registry.counter(REGISTRATIONS, "kind", event.detail("kind", "unknown")).increment();
			case AuditEvent.CLIENT_REAPED -> this.registry.counter("gateway.auth.clients.reaped").increment();
			case AuditEvent.APP_DISCONNECTED -> this.registry.counter("gateway.auth.apps.disconnected").increment();
			case AuditEvent.CLIENT_AUTHENTICATION_FAILED -> this.registry
				.counter("gateway.auth.client.authentication.failures", "method", event.detail("method", "unknown"))
				.increment();
			case AuditEvent.DEFERNO_TOKEN_REVOKED -> this.registry
				.counter("gateway.auth.deferno.tokens.revoked", "outcome", event.detail("outcome", "unknown"))
				.increment();
			default -> {
				// every event type is counted above; tool calls are counted where they
				// run, by the resource server
			}
		}
	}

	private void consent(String decision) {
		this.registry.counter(CONSENTS, "decision", decision).increment();
	}

}
