package com.defernowork.gateway.sandbox.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BodyTests {

	@Test
	void integerWhenOutsideIntRangeThenBadRequestInsteadOfWrappingAround() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> Body.of(Map.of("size_bytes", 4_294_967_297L)).integer("size_bytes"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST))
			.withMessageContaining("size_bytes");
	}

	@Test
	void integerWhenLongWithinRangeThenValue() {
		assertThat(Body.of(Map.of("position", 7L)).integer("position")).isEqualTo(7);
	}

}
