package com.defernowork.gateway.mcp.deferno.projection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Deferno's occurrence words, whichever route answered, in the tools' one vocabulary. */
class OccurrenceStatusTests {

	@Test
	void wordWhenPascalOrSnakeThenSnake() {
		assertThat(OccurrenceStatus.word("DoneOnTime")).isEqualTo("done_on_time");
		assertThat(OccurrenceStatus.word("done_late")).isEqualTo("done_late");
		assertThat(OccurrenceStatus.word("InProgress")).isEqualTo("in_progress");
		assertThat(OccurrenceStatus.word("Missed")).isEqualTo("missed");
	}

	@Test
	void wordWhenSkippedThenDroppedAsTheToolsSetIt() {
		assertThat(OccurrenceStatus.word("Skipped")).isEqualTo("dropped");
		assertThat(OccurrenceStatus.word("skipped")).isEqualTo("dropped");
		assertThat(OccurrenceStatus.word("Dropped")).isEqualTo("dropped");
	}

	@Test
	void wordWhenNewToTheToolsThenStillSnake() {
		assertThat(OccurrenceStatus.word("OnHold")).isEqualTo("on_hold");
	}

}
