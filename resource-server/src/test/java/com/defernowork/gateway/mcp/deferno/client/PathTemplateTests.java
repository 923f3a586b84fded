package com.defernowork.gateway.mcp.deferno.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathTemplateTests {

	@Test
	void ofWhenRouteWordsOnlyThenTheTemplateIsThePath() {
		assertThat(PathTemplate.of("/items/plan/add")).isEqualTo(new PathTemplate("/items/plan/add", List.of(), false));
		assertThat(PathTemplate.of("/tasks/mood-history").uriTemplate()).isEqualTo("/tasks/mood-history");
	}

	@Test
	void ofWhenIdsDatesAndEncodedRefsThenEachAValue() {
		PathTemplate path = PathTemplate
			.of("/events/0b7e6c1a-2f4d-4c8e-9a6b-1d2e3f405162/occurrences/2026-03-01/reschedule");
		assertThat(path.path()).isEqualTo("/events/{id}/occurrences/{id}/reschedule");
		assertThat(path.values()).containsExactly("0b7e6c1a-2f4d-4c8e-9a6b-1d2e3f405162", "2026-03-01");
		assertThat(PathTemplate.of("/items/by-seq/12").path()).isEqualTo("/items/by-seq/{value}");
		assertThat(PathTemplate.of("/comments/c%2F1/delete").path()).isEqualTo("/comments/{id}/delete");
	}

	@Test
	void ofWhenAnIdIsAWordThenStillAValue() {
		// an agent may send any word as an id: each would otherwise be a metric series
		assertThat(PathTemplate.of("/comments/abcdef/delete").path()).isEqualTo("/comments/{id}/delete");
		assertThat(PathTemplate.of("/items/plan").path()).isEqualTo("/items/plan");
	}

	@Test
	void ofWhenALookupByAWordThenTheWordIsAValueToo() {
		assertThat(PathTemplate.of("/items/by-alias/groceries").path()).isEqualTo("/items/by-alias/{value}");
	}

	@Test
	void ofWhenAQueryThenOneValueNeverInTheTemplate() {
		PathTemplate path = PathTemplate.of("/tasks/search?q=secret+plans&limit=5");
		assertThat(path.path()).isEqualTo("/tasks/search");
		assertThat(path.uriTemplate()).isEqualTo("/tasks/search?{query}");
		assertThat(path.values()).containsExactly("q=secret+plans&limit=5");
	}

}
