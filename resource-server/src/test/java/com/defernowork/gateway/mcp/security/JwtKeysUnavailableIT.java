package com.defernowork.gateway.mcp.security;

import java.util.List;

import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.HttpProbeTestSupport;
import com.defernowork.gateway.mcp.security.support.SecurityLayerTestConfig;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT mode when the auth server's keys cannot be fetched because {@code /oauth2/jwks}
 * answers something other than keys (a redirect, a 404, a page): the token may be fine,
 * so it is a 503 to try again, as when introspection fails, not 401 {@code invalid_token}
 * (with the description "null") that sends the client through sign-in. A fresh server for
 * each case: one that never had the keys.
 */
@SpringBootTest(classes = JwtKeysUnavailableIT.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class JwtKeysUnavailableIT extends HttpProbeTestSupport {

	private static final String JWKS = "/oauth2/jwks";

	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("mcp.security.public-url", () -> JwtTokenFormatIT.PUBLIC_URL);
		registry.add("mcp.security.issuer", () -> JwtTokenFormatIT.ISSUER);
		registry.add("mcp.security.internal-url", stub::baseUrl);
		registry.add("mcp.security.token-format", () -> "jwt");
		registry.add("deferno.base-url", () -> stub.baseUrl() + "/api");
	}

	@Test
	void mcpWhenKeysRedirectedThen503TryAgain() throws Exception {
		assertTryAgain(aResponse().withStatus(302).withHeader("Location", stub.baseUrl() + "/login"));
	}

	@Test
	void mcpWhenKeysNotFoundThen503TryAgain() throws Exception {
		assertTryAgain(notFound());
	}

	@Test
	void mcpWhenKeysArePageThen503TryAgain() throws Exception {
		assertTryAgain(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><body>Sign in</body></html>"));
	}

	@Test
	void mcpWhenKeysAnswerEmptyThen503TryAgain() throws Exception {
		assertTryAgain(aResponse().withStatus(200).withHeader("Content-Type", "application/json"));
	}

	private void assertTryAgain(ResponseDefinitionBuilder keys) throws Exception {
		stub.resetAll();
		stub.stubFor(get(urlPathEqualTo(JWKS)).willReturn(keys));
		String token = JwtTokenFormatIT.jwt(JwtTokenFormatIT.signingKey, JwtTokenFormatIT.ISSUER,
				JwtTokenFormatIT.RESOURCE, List.of("tasks:read"), JwtTokenFormatIT.inOneHour());

		Answer answer = this.http.postMcp(token, JwtTokenFormatIT.toolsCall("whoami"));

		assertThat(stub.countRequestsMatching(getRequestedFor(urlPathEqualTo(JWKS)).build()).getCount())
			.as("the keys were asked for")
			.isPositive();
		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(answer.header("Retry-After")).isEqualTo("5");
		assertThat(answer.header("WWW-Authenticate")).isNull();
		assertThat(answer.body()).contains("temporarily_unavailable", "try again").doesNotContain("\"null\"");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(SecurityLayerTestConfig.class)
	static class Application {

	}

}
