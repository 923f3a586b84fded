package com.defernowork.gateway.mcp.security;

import java.util.Map;

import com.defernowork.gateway.mcp.security.support.AuthServerStub;
import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.HttpProbeTestSupport;
import com.defernowork.gateway.mcp.security.support.SecurityLayerTestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code AUTH_INTERNAL_URL} leading to another service (here one answering 404 to every
 * path, as the Deferno sandbox does at the authorization server's endpoints), over real
 * HTTP: a mistake for the operator, not an outage to wait out.
 */
@SpringBootTest(classes = MisdirectedAuthServerIT.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class MisdirectedAuthServerIT extends HttpProbeTestSupport {

	static final String WHOAMI = """
			{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""";

	/** Nothing stubbed: WireMock answers 404 to everything. */
	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		AuthServerStub.register(registry, "https://mcp.example.test", "http://localhost:9000", stub::baseUrl);
	}

	@Test
	void mcpWhenAnotherServiceAnswersAtTheInternalUrlThenToldToTryLaterUnreadyAndOneErrorNamingTheSetting(
			CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			Answer answer = this.http.postMcp("tok-" + i, WHOAMI);
			assertThat(answer.status()).as(answer.body()).isEqualTo(503);
			assertThat(answer.header("Retry-After")).isEqualTo("5");
			assertThat(answer.body()).contains("temporarily_unavailable")
				.contains("until its operator corrects its configuration")
				.doesNotContain("try again shortly");
			assertThat(this.http.get("/actuator/health/readiness", Map.of()).status()).isEqualTo(503);
		}
		assertThat(this.http.get("/actuator/health/liveness", Map.of()).status()).isEqualTo(200);
		String log = output.getAll();
		assertThat(occurrences(log, "ERROR")).as(log).isEqualTo(2);
		assertThat(occurrences(log,
				"AUTH_INTERNAL_URL (mcp.security.internal-url) does not lead to the "
						+ "authorization server: what answers there gave 404 from /oauth2/introspect"))
			.as(log)
			.isEqualTo(1);
		assertThat(occurrences(log, "what answers there gave 404 from /.well-known/oauth-authorization-server")).as(log)
			.isEqualTo(1);
		assertThat(log).doesNotContain(AuthServerStub.CLIENT_SECRET);
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(SecurityLayerTestConfig.class)
	static class Application {

	}

}
