package com.defernowork.gateway.auth.upstream;

import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.FreePorts;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector {@code oidc} with a provider whose configuration names another issuer than
 * {@code OIDC_ISSUER}: sign-in is refused on a page of its own, and the log says why
 * once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OidcDiscoveryFailureIT {

	static final int PORT = FreePorts.next();

	static final String BASE = "http://127.0.0.1:" + PORT;

	static final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		provider.start();
		provider.stubFor(get("/realm/.well-known/openid-configuration").willReturn(
				okJson("""
						{"issuer": "https://other.example/realm\\nWARN forged", "authorization_endpoint": "https://other.example/a",
						 "token_endpoint": "https://other.example/t", "jwks_uri": "https://other.example/j",
						 "response_types_supported": ["code"], "subject_types_supported": ["public"],
						 "id_token_signing_alg_values_supported": ["RS256"]}""")));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> BASE);
		registry.add("auth.storage", () -> "memory");
		registry.add("UPSTREAM_CONNECTOR", () -> "oidc");
		registry.add("OIDC_ISSUER", () -> provider.baseUrl() + "/realm");
		registry.add("OIDC_CLIENT_ID", () -> "gateway");
		registry.add("INTERNAL_SHARED_SECRET", () -> "internal-s3cret");
	}

	@AfterAll
	static void stop() {
		provider.stop();
	}

	@Test
	void signInWhenProviderNamesAnotherIssuerThenUnavailablePageAndOneWarningSayingWhy(CapturedOutput output) {
		HttpResponse<String> start = GatewaySignIn.start(new Browser(), BASE);

		assertThat(start.statusCode()).isEqualTo(503);
		assertThat(start.body()).contains("Signing in is unavailable right now", "Retry sign-in")
			.doesNotContain("other.example");
		assertThat(output).contains("Discovering the OpenID provider at " + provider.baseUrl() + "/realm")
			.contains("names the issuer https://other.example/realm?WARN forged, not OIDC_ISSUER")
			.doesNotContain("Deferno refused a sign-in");
	}

}
