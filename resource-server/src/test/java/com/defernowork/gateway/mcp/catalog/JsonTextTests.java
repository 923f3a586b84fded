package com.defernowork.gateway.mcp.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	/**
	 * Some 200,000 characters, some outside Latin-1: many of the chunks it is kept in.
	 */
	private final JsonNode rows = this.mapper.valueToTree(rows());

	private static List<Map<String, Object>> rows() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			rows.add(Map.of("id", i, "title", "Grüße € 😀 item " + i + " ".repeat(i % 7), "body", "x".repeat(60)));
		}
		return rows;
	}

	@Test
	void ofWhenWithinTheLengthThenTheWholeTextAsJacksonWritesIt() {
		String whole = this.mapper.writeValueAsString(this.rows);

		JsonText text = JsonText.of(this.mapper.writer(), this.rows, whole.length());

		assertThat(text.length()).isEqualTo(whole.length());
		assertThat(text.text()).isEqualTo(whole);
	}

	@Test
	void ofWhenLongerThenOnlyItsLength() {
		String whole = this.mapper.writeValueAsString(this.rows);

		JsonText text = JsonText.of(this.mapper.writer(), this.rows, whole.length() - 1);

		assertThat(text.text()).isNull();
		assertThat(text.length()).isEqualTo(whole.length());
	}

	@Test
	void rowsWhenLongerThenTheLeadingRowsThatFitClosed() {
		String whole = this.mapper.writeValueAsString(this.rows);
		int max = whole.length() / 2;

		JsonRows kept = JsonRows.of(this.mapper.writer(), this.rows, max);

		assertThat(kept.length()).isEqualTo(whole.length());
		assertThat(kept.text().length()).isLessThanOrEqualTo(max);
		JsonNode read = this.mapper.readTree(kept.text());
		assertThat(read.size()).isEqualTo(kept.kept());
		for (int i = 0; i < read.size(); i++) {
			assertThat(read.get(i)).isEqualTo(this.rows.get(i));
		}
		assertThat(this.mapper.writeValueAsString(this.rows.get(kept.kept())).length() + kept.text().length())
			.as("the next row would not have fitted")
			.isGreaterThan(max - 1);
	}

}
