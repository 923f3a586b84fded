package com.defernowork.gateway.mcp.tools.capture;

import java.io.InputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.catalog.ToolArgumentException;
import com.defernowork.gateway.mcp.catalog.ToolArguments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The capture golden vectors ({@code capture-vectors.json}, after the reference
 * {@code tests/spec/capture}).
 */
class CapturePayloadTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	static Stream<Arguments> vectors() throws Exception {
		try (InputStream in = CapturePayloadTests.class.getResourceAsStream("/capture-vectors.json")) {
			JsonNode root = json.readTree(in);
			return root.get("vectors").values().stream().map((v) -> Arguments.of(v.get("name").stringValue(), v));
		}
	}

	static Stream<Arguments> errors() throws Exception {
		try (InputStream in = CapturePayloadTests.class.getResourceAsStream("/capture-vectors.json")) {
			JsonNode root = json.readTree(in);
			return root.get("errors").values().stream().map((v) -> Arguments.of(v.get("name").stringValue(), v));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	@SuppressWarnings("unchecked")
	void deriveWhenGoldenVectorThenKindAndExactPayload(String name, JsonNode vector) {
		CapturePayload capture = CapturePayload
			.derive(new ToolArguments(json.convertValue(vector.get("input"), Map.class)));
		assertThat(capture.kind()).isEqualTo(vector.get("kind").stringValue());
		assertThat(capture.path()).isEqualTo("/" + capture.kind() + "s");
		// key order matters: compare the serialised payload
		assertThat(json.writeValueAsString(capture.payload()))
			.isEqualTo(json.writeValueAsString(vector.get("payload")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errors")
	@SuppressWarnings("unchecked")
	void deriveWhenErrorVectorThenRefusedWithReason(String name, JsonNode vector) {
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(
					() -> CapturePayload.derive(new ToolArguments(json.convertValue(vector.get("input"), Map.class))))
			.withMessageContaining(vector.get("error").stringValue());
	}

	/**
	 * An Event starts at complete_by, which Deferno checks its end against: a time_of_day
	 * that is another clock in the person's zone is refused, naming both, the zone and
	 * what to send.
	 */
	@Test
	void withEventStartWhenTimeOfDayIsNotCompleteBysClockInTheZoneThenRefusedNamingBoth() {
		CapturePayload tokyoMeet = event(Map.of("complete_by", "2026-12-10T09:00:00Z", "time_of_day", "09:00"));
		assertThatExceptionOfType(ToolArgumentException.class)
			.isThrownBy(() -> tokyoMeet.withEventStart(ZoneId.of("Asia/Tokyo")))
			.withMessage("complete_by 2026-12-10T09:00:00Z is 18:00 in Asia/Tokyo (the user's time zone) and "
					+ "time_of_day is 09:00: an Event starts at complete_by (Deferno checks end_time against it) and "
					+ "its start time is that instant's clock, so the two must agree. Send complete_by "
					+ "2026-12-10T09:00:00+09:00 to start at 09:00, or time_of_day \"18:00\" to start at 18:00");
		CapturePayload agreeing = event(Map.of("complete_by", "2026-12-10T09:00:00+09:00", "time_of_day", "09:00"));
		assertThat(agreeing.withEventStart(ZoneId.of("Asia/Tokyo"))).isEqualTo(agreeing);
		// 02:30 does not exist the night summer time begins: the instant after the gap
		CapturePayload gap = event(Map.of("complete_by", "2027-03-28T02:30:00+01:00", "time_of_day", "02:30"));
		assertThat(gap.withEventStart(ZoneId.of("Europe/Paris"))).isEqualTo(gap);
	}

	/**
	 * Without time_of_day an Event is not silently all-day: complete_by's clock in the
	 * person's zone is its start time, or at midnight it is all-day, and the note says
	 * which.
	 */
	@Test
	void withEventStartWhenNoTimeOfDayThenCompleteBysClockIsTheStartOrAtMidnightAllDayAndTheNoteSaysWhich() {
		CapturePayload standup = event(Map.of("complete_by", "2026-12-08T09:00:00Z"))
			.withEventStart(ZoneId.of("Asia/Tokyo"));
		assertThat(json.writeValueAsString(standup.payload())).isEqualTo(
				"{\"title\":\"Standup\",\"complete_by\":\"2026-12-08T09:00:00Z\",\"start_time_of_day\":\"18:00\"}");
		assertThat(standup.note()).startsWith("start_time_of_day 18:00 was taken from complete_by "
				+ "2026-12-08T09:00:00Z, which is 18:00 in Asia/Tokyo (the user's time zone)");

		CapturePayload day = event(Map.of("complete_by", "2026-12-08T00:00:00Z")).withEventStart(ZoneOffset.UTC);
		assertThat(day.payload()).doesNotContainKey("start_time_of_day");
		assertThat(day.note()).startsWith("complete_by 2026-12-08T00:00:00Z is midnight in UTC (the user's time "
				+ "zone), so the Event was made all-day (start_time_of_day null); to give it a start time, update_item "
				+ "it with time_of_day");

		CapturePayload task = CapturePayload.derive(new ToolArguments(
				Map.of("title", "Standup", "attend", false, "repeats", false, "complete_by", "2026-12-08T09:00:00Z")));
		assertThat(task.withEventStart(ZoneId.of("Asia/Tokyo"))).isEqualTo(task);
	}

	private static CapturePayload event(Map<String, Object> when) {
		Map<String, Object> args = new java.util.HashMap<>(
				Map.of("title", "Standup", "attend", true, "repeats", false));
		args.putAll(when);
		return CapturePayload.derive(new ToolArguments(args));
	}

}
