package com.defernowork.gateway.mcp.deferno.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.defernowork.gateway.mcp.http.ByteBudget;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The reference client's envelope unwrap order. */
class EnvelopeTests {

	static final String UNKNOWN = ", so whether the change was applied is unknown: read the item or list back before "
			+ "trying it again";

	private final Envelope envelope = new Envelope(JsonMapper.builder().build());

	@Test
	void unwrapWhenVersion01Or02ThenData() {
		assertThat(this.envelope
			.unwrap(200, answer("{\"version\":\"0.1\",\"data\":{\"a\":1},\"error\":null}"), null, false)
			.get("a")
			.asInt()).isEqualTo(1);
		assertThat(this.envelope.unwrap(200, answer("{\"version\":\"0.2\",\"data\":[1,2],\"error\":null}"), null, false)
			.size()).isEqualTo(2);
	}

	@Test
	void unwrapWhenTheAnswerIsLongAndNotAsciiThenItsTextIsReadWhole() {
		// characters of two, three and four bytes across the blocks an answer is read in
		String title = "Grüße € 😀 ".repeat(4_000);

		assertThat(this.envelope
			.unwrap(200, answer("{\"version\":\"0.2\",\"data\":{\"title\":\"" + title + "\"}}"), null, false)
			.get("title")
			.stringValue()).isEqualTo(title);
	}

	@Test
	void unwrapWhen204OrEmptyThenNull() {
		assertThat(this.envelope.unwrap(204, answer(""), null, false).isNull()).isTrue();
		assertThat(this.envelope.unwrap(200, answer(""), null, false).isNull()).isTrue();
		assertThat(this.envelope.unwrap(200, answer("{\"version\":\"0.2\",\"error\":null}"), null, false).isNull())
			.isTrue();
	}

	@Test
	void unwrapWhenEmptyErrorBodyThenReason() {
		assertError(500, "", "Deferno API error 500: Internal Server Error; try again later");
		assertError(503, "", "Deferno API error 503: Service Unavailable; try again later");
		assertError(599, "", "Deferno API error 599: error; try again later");
	}

	@Test
	void unwrapWhenNotJsonThenStatusLineNeverTheBody() {
		assertError(500, "<html>boom</html>", "Deferno API error 500: Internal Server Error; try again later");
		assertError(200, "<html>ok</html>",
				"Deferno API error 502: Deferno's answer (HTTP 200) was not JSON, so it cannot be read; try again "
						+ "later");
		// a write's success status says it was made
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> this.envelope.unwrap(201, answer("{\"version\":\"0.2\",\"da"), null, true))
			.withMessage("Deferno API error 502: Deferno applied the change (HTTP 201), but its answer was not JSON, "
					+ "so it is not shown: read the item back to see it");
	}

	@Test
	void unwrapWhenARedirectThenNotFollowedAndTheOperatorsSettingNamed() {
		assertError(302, "", "Deferno API error 502: Deferno answered with a redirect (HTTP 302), which this gateway "
				+ "does not follow: its DEFERNO_BASE_URL may name the wrong address (http where Deferno wants https?), "
				+ "which the gateway's operator can correct; try again later");
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> this.envelope.unwrap(301, answer("<html>moved</html>"), null, true))
			.withMessageEndingWith("whether the change was applied is unknown: read the item or list back before "
					+ "trying it again");
	}

	@Test
	void unwrapWhenNoVersionThen502() {
		assertError(200, "[1]", "Deferno API error 502: Deferno's answer is not in its API envelope (no 'version')");
		assertError(200, "{\"data\":1}",
				"Deferno API error 502: Deferno's answer is not in its API envelope (no 'version')");
	}

	@Test
	void unwrapWhenAnErrorOutsideTheEnvelopeThenItsStatus() {
		assertError(404, "{\"detail\":\"Not Found\"}", "Deferno API error 404: Not Found");
		assertError(405, "[]", "Deferno API error 405: Method Not Allowed");
	}

	@Test
	void unwrapWhenUnsupportedVersionThen502() {
		assertError(200, "{\"version\":\"0.3\",\"data\":1}",
				"Deferno API error 502: unsupported API version: '0.3' (this client supports 0.1, 0.2)");
	}

	@Test
	void unwrapWhenErrorObjectThenStatusCodeAndMessage() {
		assertError(404,
				"{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"not_found\",\"message\":\"item not found\"}}",
				"Deferno API error 404 [not_found]: item not found");
		// newer backends omit data and may add fields
		assertError(400,
				"{\"version\":\"0.1\",\"error\":{\"code\":\"validation_error\",\"message\":\"title must be non-empty\",\"hint\":\"x\"}}",
				"Deferno API error 400 [validation_error]: title must be non-empty");
	}

	@Test
	void unwrapWhenNon2xxWithoutErrorThenReason() {
		assertError(409, "{\"version\":\"0.2\",\"data\":null,\"error\":null}", "Deferno API error 409: Conflict");
	}

	@Test
	void unwrapWhenAWriteFailsOnDefernosSideThenItsOutcomeIsUnknown() {
		String failed = "{\"version\":\"0.2\",\"error\":{\"code\":\"internal_error\",\"message\":\"db down\"}}";
		assertWriteError(500, failed, "req-7",
				"Deferno API error 500 [internal_error]: Deferno failed while handling "
						+ "the request (request id req-7)" + UNKNOWN
						+ "; if it keeps failing report it to Deferno with the " + "request id");
		assertWriteError(502, "", null, "Deferno API error 502: Bad Gateway" + UNKNOWN);
		assertWriteError(504, "<html>gateway timeout</html>", null, "Deferno API error 504: Gateway Timeout" + UNKNOWN);
		assertWriteError(503, "{\"detail\":\"down\"}", null, "Deferno API error 503: Service Unavailable" + UNKNOWN);
		assertWriteError(500, "{\"version\":\"0.2\",\"error\":null}", null,
				"Deferno API error 500: Internal Server Error" + UNKNOWN);
	}

	@Test
	void unwrapWhenAProxysPageFailsARequestThenItsRequestIdAndWhatToDoAsForDefernosOwn() {
		// a load balancer's 502 page is the usual failure on Deferno's side
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> this.envelope.unwrap(502, answer("<html>Bad Gateway</html>"), "lb-42", false))
			.withMessage("Deferno API error 502: Bad Gateway (request id lb-42); try again later");
		assertWriteError(504, "", "lb-43", "Deferno API error 504: Gateway Timeout (request id lb-43)" + UNKNOWN);
		// an id unsafe to quote is left out
		assertWriteError(502, "", "a b", "Deferno API error 502: Bad Gateway" + UNKNOWN);
	}

	@Test
	void failureWordsWhenEnvelopedThenCodeAndMessageOnOneLineElseNothing() {
		assertThat(this.envelope
			.failureWords(answer("{\"version\":\"0.2\",\"error\":{\"code\":\"internal\",\"message\":\"db\\ndown\"}}")))
			.isEqualTo(" [internal]: db\\ndown");
		assertThat(this.envelope.failureWords(answer("<html>Bad Gateway</html>"))).isEmpty();
		assertThat(this.envelope.failureWords(answer(null))).isEmpty();
		assertThat(this.envelope.failureWords(answer(""))).isEmpty();
		assertThat(this.envelope.failureWords(answer("[1]"))).isEmpty();
	}

	@Test
	void unwrapWhenAWriteIsRefusedOrNotSupportedThenNothingSaysItMayBeApplied() {
		assertWriteError(501,
				"{\"version\":\"0.2\",\"error\":{\"code\":\"not_implemented\",\"message\":\"not for " + "chores\"}}",
				null, "Deferno API error 501 [not_implemented]: not for chores");
		assertWriteError(409, "", null, "Deferno API error 409: Conflict");
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> this.envelope.unwrap(429, answer(""), null, true))
			.withMessage("Deferno API error 429: Too Many Requests");
	}

	@Test
	void unwrapWhenTheRequestIdHeaderIsUnsafeThenTheBodysIsNamed() {
		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> this.envelope.unwrap(500,
				answer("{\"version\":\"0.2\",\"error\":{\"code\":\"internal_error\",\"message\":\"x\",\"request_id\":"
						+ "\"req-9\"}}"),
				"<script>", false))
			.withMessageContaining("(request id req-9)");
	}

	private void assertWriteError(int status, String body, String requestId, String message) {
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> this.envelope.unwrap(status, answer(body), requestId, true))
			.withMessage(message);
	}

	@Test
	void unwrapWhenTheErrorMessageIsLongThenItIsCutBetweenTwoCharactersNeverInsideAPair() {
		String message = "a".repeat(499) + "\uD83D\uDE00".repeat(3);
		assertThatExceptionOfType(DefernoApiException.class).isThrownBy(() -> this.envelope.unwrap(400,
				answer("{\"version\":\"0.2\",\"error\":{\"code\":\"bad\",\"message\":\"" + message + "\"}}"), null,
				false))
			.withMessageEndingWith("a\uD83D\uDE00…");
	}

	/**
	 * Deferno's answer as read; {@code null} for one not read (larger than the largest).
	 */
	static ByteBudget.Read answer(String body) {
		byte[] bytes = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[2];
		try {
			return new ByteBudget(1 << 20).read(new ByteArrayInputStream(bytes), -1, (body != null) ? bytes.length : 1,
					Duration.ZERO);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void assertError(int status, String body, String message) {
		assertThatExceptionOfType(DefernoApiException.class)
			.isThrownBy(() -> this.envelope.unwrap(status, answer(body), null, false))
			.withMessageStartingWith(message);
	}

}
