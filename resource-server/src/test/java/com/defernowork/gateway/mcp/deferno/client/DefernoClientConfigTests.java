package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DefernoClientConfigTests {

	@Test
	void toolCallTimeoutWhenClientsGiveUpFirstThenWarnedAtStartElseNot(CapturedOutput output) {
		DefernoClientConfig.warnIfClientsGiveUpFirst(Duration.ofSeconds(55));
		assertThat(output).doesNotContain("DEFERNO_TOOL_CALL_TIMEOUT");
		DefernoClientConfig.warnIfClientsGiveUpFirst(Duration.ofMinutes(10));
		assertThat(output).contains("WARN")
			.contains(
					"DEFERNO_TOOL_CALL_TIMEOUT (deferno.tool-call-timeout) is 10m: common MCP clients give up on a request after 1m");
	}

	@Test
	void baseUrlWhenNotEndingWithApiThenWarnedAtStartElseNot(CapturedOutput output) {
		DefernoClientConfig.warnIfNotTheApi("https://deferno.example/api");
		assertThat(output).doesNotContain("DEFERNO_BASE_URL");
		DefernoClientConfig.warnIfNotTheApi("https://deferno.example");
		assertThat(output).contains("WARN")
			.contains("DEFERNO_BASE_URL (deferno.base-url) is https://deferno.example, which does not end with /api");
	}

}
