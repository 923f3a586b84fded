package com.defernowork.gateway.mcp.tools.capture;

import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;

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

}
