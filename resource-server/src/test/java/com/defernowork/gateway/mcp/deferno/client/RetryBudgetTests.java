package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	private final AtomicLong nanos = new AtomicLong();

	private final RetryBudget budget = new RetryBudget(this.nanos::get);

	private int retriesAllowed(int wanted) {
		int allowed = 0;
		for (int i = 0; i < wanted; i++) {
			if (this.budget.tryRetry()) {
				allowed++;
			}
		}
		return allowed;
	}

	@Test
	void tryRetryWhenNothingElseHappensThenTheSavedTwentyOnly() {
		assertThat(retriesAllowed(100)).isEqualTo(20);
	}

	@Test
	void tryRetryWhenReadsComeThenAFifthOfThem() {
		retriesAllowed(20);
		for (int i = 0; i < 100; i++) {
			this.budget.read();
		}
		assertThat(retriesAllowed(100)).isEqualTo(20);
		for (int i = 0; i < 10; i++) {
			this.budget.read();
		}
		assertThat(retriesAllowed(100)).isEqualTo(2);
	}

	@Test
	void tryRetryWhenTimePassesThenTenASecondAndNoMoreThanTwentySaved() {
		retriesAllowed(20);
		this.nanos.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(retriesAllowed(100)).isEqualTo(5);
		this.nanos.addAndGet(Duration.ofMinutes(5).toNanos());
		assertThat(retriesAllowed(100)).isEqualTo(20);
	}

}
