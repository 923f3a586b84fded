package com.defernowork.gateway.mcp.catalog;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

/**
 * A list's JSON text, written once row by row: its whole length, and the text of its
 * leading rows that fit in a given length with the closing bracket (the whole list when
 * it fits). Each row's end is where the text may be cut, so the rows are neither written
 * again to be measured one by one nor written again once the cut is known; what is
 * written past the given length is counted, never held.
 *
 * @param text the JSON array of the leading rows that fit
 * @param kept how many rows the text holds
 * @param length the whole list's length in characters
 */
record JsonRows(String text, int kept, long length) {

	static JsonRows of(ObjectWriter writer, JsonNode rows, int maxChars) {
		JsonText.Measure measure = new JsonText.Measure(maxChars);
		int kept = 0;
		long fitting = 1;
		try (JsonGenerator generator = writer.createGenerator(measure)) {
			generator.writeStartArray();
			for (JsonNode row : rows.values()) {
				writer.writeValue(generator, row);
				generator.flush();
				// the rows so far and the bracket that would close them
				if (measure.length() + 1 <= maxChars) {
					kept++;
					fitting = measure.length();
				}
			}
			generator.writeEndArray();
		}
		if (measure.length() <= maxChars) {
			return new JsonRows(measure.text(measure.length()), kept, measure.length());
		}
		return new JsonRows(measure.text(fitting) + "]", kept, measure.length());
	}

}
