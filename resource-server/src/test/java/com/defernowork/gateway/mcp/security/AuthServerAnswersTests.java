package com.defernowork.gateway.mcp.security;

import com.defernowork.gateway.mcp.security.AuthServerAnswers.Answer;
import com.defernowork.gateway.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AuthServerAnswersTests {

	private final AuthServerAnswers answers = new AuthServerAnswers("mcp-resource-server", MutableClock.now());

	@Test
	void recordWhenRefusedRepeatedlyThenLoggedOncePerChange(CapturedOutput output) {
		this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect");
		for (int i = 0; i < 50; i++) {
			this.answers.record(Answer.REFUSED, "401 from /oauth2/introspect");
			// an outage in between says nothing about the credentials
			this.answers.record(Answer.UNAVAILABLE, "503 from /oauth2/introspect");
		}
		assertThat(refusals(output)).isEqualTo(1);
		assertThat(output).contains("RS_CLIENT_ID (here 'mcp-resource-server') and RS_CLIENT_SECRET");
		for (int i = 0; i < 50; i++) {
			this.answers.record(Answer.ACCEPTED, "200 from /oauth2/token");
		}
		assertThat(count(output, "accepts this server's client credentials again")).isEqualTo(1);
		this.answers.record(Answer.REFUSED, "401 from /oauth2/introspect");
		assertThat(refusals(output)).isEqualTo(2);
	}

	@Test
	void recordWhenAnOutageFollowsARefusalThenTheRefusalStandsUntilAccepted() {
		this.answers.record(Answer.REFUSED, "401 from /oauth2/introspect");
		this.answers.record(Answer.UNAVAILABLE, "no answer from /oauth2/introspect");
		assertThat(this.answers.last().answer()).isEqualTo(Answer.REFUSED);
		this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect");
		this.answers.record(Answer.UNAVAILABLE, "no answer from /oauth2/introspect");
		assertThat(this.answers.last().answer()).isEqualTo(Answer.UNAVAILABLE);
	}

	@Test
	void recordWhenAnotherServiceAnswersThenOneErrorNamingTheSettingStandingThroughOutagesUntilAccepted(
			CapturedOutput output) {
		for (int i = 0; i < 50; i++) {
			this.answers.record(Answer.MISDIRECTED, "404 from /oauth2/introspect");
			this.answers.record(Answer.UNAVAILABLE, "no answer from /oauth2/introspect");
		}
		assertThat(this.answers.last().answer()).isEqualTo(Answer.MISDIRECTED);
		assertThat(count(output, "AUTH_INTERNAL_URL (mcp.security.internal-url) does not lead to the authorization "
				+ "server: what answers there gave 404 from /oauth2/introspect"))
			.isEqualTo(1);
		this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect");
		assertThat(output).contains("answers at AUTH_INTERNAL_URL again");
	}

	@Test
	void misdirectsIntrospectionWhenA4xxTheAuthServerNeverGivesThenTrue() {
		assertThat(AuthServerAnswers.misdirectsIntrospection(404)).isTrue();
		assertThat(AuthServerAnswers.misdirectsIntrospection(405)).isTrue();
		for (int status : new int[] { 200, 401, 403, 429, 503 }) {
			assertThat(AuthServerAnswers.misdirectsIntrospection(status)).as("%d", status).isFalse();
		}
	}

	@Test
	void recordWhenAcceptedFromTheStartThenNothingLogged(CapturedOutput output) {
		this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect");
		this.answers.record(Answer.UNAVAILABLE, "no answer from /oauth2/introspect");
		this.answers.record(Answer.ACCEPTED, "200 from /oauth2/introspect");
		assertThat(output.getAll()).doesNotContain("AuthServerAnswers");
		assertThat(this.answers.last().answer()).isEqualTo(Answer.ACCEPTED);
	}

	private static int refusals(CapturedOutput output) {
		return count(output, "refuses this server's client credentials");
	}

	private static int count(CapturedOutput output, String text) {
		return output.getAll().split(java.util.regex.Pattern.quote(text), -1).length - 1;
	}

}
