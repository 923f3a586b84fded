package com.defernowork.gateway.mcp.trace;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** W3C trace context from a request's {@code _meta}, held for the serving thread only. */
class TraceContextTests {

	static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void ofWhenValidTraceparentAndTracestateThenBothKept() {
		assertThat(TraceContext.of(TRACEPARENT, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
			.contains(new TraceContext(TRACEPARENT, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
	}

	@Test
	void ofWhenTraceparentInvalidThenNoContextAtAll() {
		String[] invalid = { null, "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
				// upper case, all-zero trace id, all-zero parent id, version ff
				"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
				"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
				"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
				// version 00 has exactly four fields
				TRACEPARENT + "-extra", TRACEPARENT + "\r\nX-Injected: 1" };
		for (String traceparent : invalid) {
			assertThat(TraceContext.of(traceparent, "k=v")).as(String.valueOf(traceparent)).isEmpty();
		}
	}

	@Test
	void ofWhenHigherVersionAppendsFieldsThenKept() {
		String future = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next";
		assertThat(TraceContext.of(future, null)).contains(new TraceContext(future, null));
	}

	@Test
	void ofWhenTracestateInvalidThenTraceparentAloneIsKept() {
		String[] invalid = { "", "  ", "k=v\nX-Injected: 1", "k=\u00e9t\u00e9", "k=" + "v".repeat(512) };
		for (String tracestate : invalid) {
			assertThat(TraceContext.of(TRACEPARENT, tracestate)).as(tracestate)
				.contains(new TraceContext(TRACEPARENT, null));
		}
	}

	@Test
	void runWithWhenContextThenCurrentInsideAndClearedAfter() throws IOException {
		AtomicReference<Optional<TraceContext>> inside = new AtomicReference<>();
		TraceContext.runWith(TraceContext.of(TRACEPARENT, null), () -> inside.set(TraceContext.current()));
		assertThat(inside.get()).contains(new TraceContext(TRACEPARENT, null));
		assertThat(TraceContext.current()).isEmpty();
	}

	@Test
	void runWithWhenWorkFailsThenContextClearedAnyway() {
		assertThatIOException().isThrownBy(() -> TraceContext.runWith(TraceContext.of(TRACEPARENT, null), () -> {
			throw new IOException("client went away");
		}));
		assertThat(TraceContext.current()).isEmpty();
	}

	@Test
	void runWithWhenNoContextThenNoneCurrent() throws IOException {
		AtomicReference<Optional<TraceContext>> inside = new AtomicReference<>();
		TraceContext.runWith(Optional.empty(), () -> inside.set(TraceContext.current()));
		assertThat(inside.get()).isEmpty();
	}

}
