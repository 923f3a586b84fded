package com.defernowork.gateway.mcp.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class BodyBudgetTests {

	private static final int BUDGET = 64 * 1024;

	private final BodyBudget budget = new BodyBudget(BUDGET);

	private static MockHttpServletRequest body(int bytes) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setContent(new byte[bytes]);
		return request;
	}

	/** A client that declared {@code declared} bytes and went away after {@code sent}. */
	private static MockHttpServletRequest cutOff(int declared, int sent) {
		InputStream then = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("Connection reset by peer");
			}

		};
		ServletInputStream in = new DelegatingServletInputStream(
				new SequenceInputStream(new ByteArrayInputStream(new byte[sent]), then));
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp") {

			@Override
			public ServletInputStream getInputStream() {
				return in;
			}

			@Override
			public long getContentLengthLong() {
				return declared;
			}

		};
		return request;
	}

	@Test
	void readWhenBodiesHeldThenNoRoomBeyondTheBudgetUntilReleased() throws IOException {
		BodyBudget.Read first = this.budget.read(body(40 * 1024), BUDGET);
		assertThat(first.outcome()).isEqualTo(BodyBudget.Outcome.READ);
		assertThat(first.body()).hasSize(40 * 1024);

		assertThat(this.budget.read(body(40 * 1024), BUDGET).outcome()).isEqualTo(BodyBudget.Outcome.NO_ROOM);

		this.budget.release(first);
		assertThat(this.budget.read(body(40 * 1024), BUDGET).outcome()).isEqualTo(BodyBudget.Outcome.READ);
	}

	@Test
	void readWhenTheClientGoesAwayMidBodyThenWhatItSentIsGivenBack() throws IOException {
		for (int i = 0; i < 10; i++) {
			assertThatIOException().isThrownBy(() -> this.budget.read(cutOff(BUDGET, 60 * 1024), BUDGET));
		}

		assertThat(this.budget.read(body(BUDGET), BUDGET).outcome()).isEqualTo(BodyBudget.Outcome.READ);
	}

}
