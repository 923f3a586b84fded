package com.defernowork.gateway.mcp.deferno.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	private final RetryBudget budget = new RetryBudget(10);

	@Test
	void allowsRetryWhenFullThenUntilHalfTheTokensAreTaken() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.budget.allowsRetry()).as("after %d failures", i).isTrue();
			this.budget.failed();
		}
		assertThat(this.budget.allowsRetry()).as("after 4 failures").isTrue();
		this.budget.failed();
		assertThat(this.budget.allowsRetry()).as("after 5 failures").isFalse();
	}

	@Test
	void allowsRetryWhenReadsAreAnsweredAgainThenBack() {
		for (int i = 0; i < 50; i++) {
			this.budget.failed();
		}
		// a tenth of a token back per answer: an outage is not followed by a burst
		for (int i = 0; i < 50; i++) {
			this.budget.answered();
		}
		assertThat(this.budget.allowsRetry()).as("5 tokens: half, not more").isFalse();
		this.budget.answered();
		assertThat(this.budget.allowsRetry()).isTrue();
	}

	@Test
	void answeredWhenFullThenStaysFull() {
		for (int i = 0; i < 100; i++) {
			this.budget.answered();
		}
		for (int i = 0; i < 5; i++) {
			this.budget.failed();
		}
		assertThat(this.budget.allowsRetry()).as("no more than full").isFalse();
	}

}
