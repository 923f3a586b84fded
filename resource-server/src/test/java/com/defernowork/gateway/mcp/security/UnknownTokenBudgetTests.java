package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownTokenBudgetTests {

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
