package com.defernowork.gateway.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestRedisTests {

	@Test
	void urlPointsAtARedisThatAnswersPing() {
		assertThat(TestRedis.answersPing(TestRedis.host(), TestRedis.port())).isTrue();
	}

	@Test
	void uniquePrefixesDiffer() {
		assertThat(TestRedis.uniquePrefix("x")).startsWith("it:x:").isNotEqualTo(TestRedis.uniquePrefix("x"));
	}

}
