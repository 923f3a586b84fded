package com.defernowork.gateway.mcp.tools.occurrences;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OlderChoreFormTests {

	@Test
	void namesTheShapeWhenSerdeOrTheSandboxNamesTheBodyThenTrue() {
		for (String shape : List.of("unknown variant `skipped`, expected one of `done`, `in_progress`",
				"Failed to deserialize the JSON body into the target type: missing field `status` at line 1",
				"unknown field `action`, expected `status`", "invalid type: integer `1`, expected a string",
				"request body is not valid JSON of the expected shape",
				"invalid chore action 'skipped': must be one of in_progress, done")) {
			assertThat(OlderChoreForm.namesTheShape(shape)).as(shape).isTrue();
		}
	}

	@Test
	void namesTheShapeWhenDefernoRefusesWhatTheBodyAskedForThenFalse() {
		for (String refusal : List.of("this occurrence is locked", "title must not be empty",
				"invalid value for field status", "missing required field: note", "invalid type of recurrence",
				"could not deserialize the schedule", "invalid event action 'skipped'", "unknown variant skipped")) {
			assertThat(OlderChoreForm.namesTheShape(refusal)).as(refusal).isFalse();
		}
		assertThat(OlderChoreForm.namesTheShape(null)).isFalse();
	}

}
