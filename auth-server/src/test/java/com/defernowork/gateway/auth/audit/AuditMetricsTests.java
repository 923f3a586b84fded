package com.defernowork.gateway.auth.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters whose tag values are a known few are there at zero from the start, so that
 * the first event after a restart shows in {@code rate()} and {@code increase()}; a
 * sign-in is counted by how it ended.
 */
class AuditMetricsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void countersWhenNothingHappenedYetThenEachKnownSeriesIsAtZero() {
		new AuditMetrics(this.registry);
		new SecurityEventAudit((event) -> {
		}, this.registry);
		SignInEnding.atZero(this.registry, "oidc");

		assertThat(count("gateway.auth.introspections", "result", "inactive")).isZero();
		assertThat(count("gateway.auth.introspections", "result", "active")).isZero();
		assertThat(count("gateway.auth.tokens.issued", "grant.type", "authorization_code")).isZero();
		assertThat(count("gateway.auth.tokens.issued", "grant.type", "refresh_token")).isZero();
		assertThat(count("gateway.auth.registrations", "kind", "dcr")).isZero();
		assertThat(count("gateway.auth.registrations", "kind", "cimd")).isZero();
		assertThat(this.registry.find("gateway.auth.sign.ins").tag("connector", "oidc").counters())
			.extracting((counter) -> counter.getId().getTag("outcome") + " " + counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("success none", "cancelled none", "failure expired",
					"failure deferno_unavailable", "failure deferno_refused", "failure other");
	}

	@Test
	void signInWhenAuditedThenCountedByOutcomeAndReasonNeverByTheUpstreamsCode() {
		AuditMetrics metrics = new AuditMetrics(this.registry);
		SignInEnding.atZero(this.registry, "deferno");
		metrics.on(SignInEnding.CANCELLED.event("deferno", null, "app"));
		metrics.on(SignInEnding.DEFERNO_REFUSED.event("deferno", null, "app").with("error", "invalid_redirect_uri"));
		metrics.on(SignInEnding.SUCCESS.event("deferno", "id-alice", "app"));

		assertThat(this.registry.get("gateway.auth.sign.ins")
			.tags("outcome", "cancelled", "reason", "none")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("gateway.auth.sign.ins")
			.tags("outcome", "failure", "reason", "deferno_refused")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("gateway.auth.sign.ins")
			.tags("outcome", "success", "reason", "none")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.find("gateway.auth.sign.ins").counters()).hasSize(6);
	}

	private double count(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).counter().count();
	}

}
