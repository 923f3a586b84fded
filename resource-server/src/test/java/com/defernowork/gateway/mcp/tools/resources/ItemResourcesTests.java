package com.defernowork.gateway.mcp.tools.resources;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.support.DefernoRecords;
import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ItemResourcesTests extends McpToolTestSupport {

	static final String ID = "11111111-2222-3333-4444-555555555555";

	@Test
	void listWhenListedThenPlanMoodHistoryAndItemTemplate() {
		assertThat(this.mcp.listResources().resources()).extracting(Resource::uri)
			.containsExactlyInAnyOrder("defernowork://tasks/plan", "defernowork://tasks/mood-history");
		assertThat(this.mcp.listResourceTemplates().resourceTemplates()).extracting((t) -> t.uriTemplate())
			.containsExactly("defernowork://item/{ref}");
	}

	@Test
	void readPlanWhenCalledThenItemsPlanPrettyJson() {
		stub(get(urlEqualTo("/api/items/plan")).willReturn(data("[{\"kind\":\"task\",\"id\":\"a\"}]")));
		String text = read("defernowork://tasks/plan");
		assertThat(text).contains("\n");
		assertThat(parse(text).get(0).get("kind").stringValue()).isEqualTo("task");
	}

	/**
	 * The resource says it is get_daily_plan without arguments: the same compact rows,
	 * not Deferno's whole ones.
	 */
	@Test
	void readPlanWhenRowsHaveMoreThanTheCompactFieldsThenTheRowsGetDailyPlanAnswers() {
		stub(get(urlEqualTo("/api/items/plan")).willReturn(data("[{\"kind\":\"task\",\"id\":\"a\",\"title\":\"Demo\","
				+ "\"description\":\"a long body\",\"org_slug\":\"acme\",\"date_created\":\"2026-06-01T00:00:00Z\"}]")));
		JsonNode resource = parse(read("defernowork://tasks/plan"));
		assertThat(resource).isEqualTo(ok("get_daily_plan", Map.of()));
		assertThat(resource.get(0).has("description")).isFalse();
		assertThat(resource.get(0).get("title").stringValue()).isEqualTo("Demo");
	}

	@Test
	void readMoodHistoryWhenCalledThenArray() {
		stub(get(urlEqualTo("/api/tasks/mood-history")).willReturn(data("[{\"task_id\":\"" + ID
				+ "\",\"title\":\"Demo\",\"finished_at\":\"2026-04-27T00:00:00Z\",\"productive\":0.5,\"mood_start\":null,\"mood_finish\":null}]")));
		assertThat(parse(read("defernowork://tasks/mood-history")).get(0).get("productive").asDouble()).isEqualTo(0.5);
	}

	@Test
	void readMoodHistoryWhenLongerThanOneReadHoldsThenAnErrorSayingSo() {
		// 5,000 rows of some 130 characters once pretty-printed
		String row = "{\"task_id\":\"" + ID + "\",\"title\":\"" + "t".repeat(60) + "\"}";
		stub(get(urlEqualTo("/api/tasks/mood-history"))
			.willReturn(data("[" + String.join(",", Collections.nCopies(5_000, row)) + "]")));

		assertThatExceptionOfType(McpError.class).isThrownBy(() -> read("defernowork://tasks/mood-history"))
			.withMessageContaining("this resource is about ")
			.withMessageContaining(
					" KB of JSON, more than the 512 KB one read holds here; the tools can ask Deferno for less of it");
	}

	@Test
	void readItemWhenEncodedSequenceThenDecodedResolvedAndCompact() {
		stub(get(urlEqualTo("/api/items/by-seq/123")).willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID + "\"}")));
		stub(get(urlEqualTo("/api/items/" + ID)).willReturn(data("{\"kind\":\"task\",\"id\":\"" + ID
				+ "\",\"title\":\"Demo\",\"description\":\"body\",\"actions\":[1],\"comments\":[2]}")));
		JsonNode item = parse(read("defernowork://item/%23123"));
		assertThat(item.get("description").stringValue()).isEqualTo("body");
		assertThat(item.has("actions")).isFalse();
	}

	@Test
	void readItemWhenTheLookupAnswersTheWholeRecordThenOneRequest() {
		ObjectNode record = DefernoRecords.record("task", ID, 123);
		record.put("description", "body");
		stub(get(urlEqualTo("/api/items/by-seq/123")).willReturn(data(record.toString())));
		JsonNode item = parse(read("defernowork://item/%23123"));
		assertThat(item.get("description").stringValue()).isEqualTo("body");
		assertThat(item.get("id").stringValue()).isEqualTo(ID);
		assertThat(deferno.getAllServeEvents()).hasSize(1);
	}

	@Test
	void readItemWhenUnroutableThenInvalidParamsError() {
		assertThatExceptionOfType(McpError.class).isThrownBy(() -> read("defernowork://item/ABC-223"))
			.withMessageContaining("not an auto-routable");
		assertThat(deferno.getAllServeEvents()).isEmpty();
	}

	private String read(String uri) {
		List<?> contents = this.mcp.readResource(new ReadResourceRequest(uri)).contents();
		return ((TextResourceContents) contents.get(0)).text();
	}

}
