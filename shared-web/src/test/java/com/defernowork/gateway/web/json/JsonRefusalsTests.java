package com.defernowork.gateway.web.json;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonRefusalsTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void repeatedMemberWhenAnObjectHasAMemberTwiceThenItsNameElseNothing() {
		assertThat(JsonRefusals.repeatedMember(refusal("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}"))).hasValue("c");
		assertThat(JsonRefusals.repeatedMember(refusal("{\"a\":"))).isEmpty();
		assertThat(JsonRefusals.repeatedMember(refusal("[1,]"))).isEmpty();
	}

	@Test
	void limitsThenTheParsersOwnInWords() {
		assertThat(JsonRefusals.limits(this.mapper)).isEqualTo(
				"nesting at most 500 levels, numbers at most 1000 digits, member names at most 50000 characters");
	}

	private JacksonException refusal(String json) {
		return catchThrowableOfType(JacksonException.class,
				() -> this.mapper.readerFor(JsonNode.class)
					.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
					.readValue(json));
	}

}
