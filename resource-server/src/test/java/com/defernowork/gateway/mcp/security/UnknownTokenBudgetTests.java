package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownTokenBudgetTests {

	@Test
	void networkOfWhenIpv6ThenItsSlash64HoweverWritten() {
		String network = UnknownTokenBudget.networkOf("2001:db8:0:1::5");
		assertThat(UnknownTokenBudget.networkOf("[2001:0db8:0000:0001:ffff:0:0:9]")).isEqualTo(network);
		assertThat(UnknownTokenBudget.networkOf("2001:db8:0:2::5")).isNotEqualTo(network);
		assertThat(UnknownTokenBudget.networkOf("203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(UnknownTokenBudget.networkOf("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(UnknownTokenBudget.networkOf("not:an address")).isEqualTo("not:an address");
		assertThat(UnknownTokenBudget.networkOf("2001:db8:0:1::5")).isEqualTo("20010db800000001::/64");
	}

	@Test
	void spentWhenTheMinutesRefusalsReachTheBudgetUntilTheMinuteIsOver() {
		AtomicLong nanos = new AtomicLong();
		UnknownTokenBudget budget = new UnknownTokenBudget(2, nanos::get);
		budget.refused("n");
		assertThat(budget.spent("n")).isNull();
		nanos.addAndGet(Duration.ofSeconds(20).toNanos());
		budget.refused("n");
		assertThat(budget.spent("n")).isEqualTo(Duration.ofSeconds(40));
		assertThat(budget.spent("other")).isNull();
		nanos.addAndGet(Duration.ofSeconds(40).toNanos());
		assertThat(budget.spent("n")).isNull();
	}

}
