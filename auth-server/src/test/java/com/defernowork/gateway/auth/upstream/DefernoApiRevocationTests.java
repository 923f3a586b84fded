package com.defernowork.gateway.auth.upstream;

import java.net.ServerSocket;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.vault.DefernoTokenRevoker.Outcome;

import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Revoking a personal access token at a WireMock Deferno: each answer and what it means.
 */
class DefernoApiRevocationTests {

	static final WireMockServer deferno = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@BeforeAll
	static void start() {
		deferno.start();
	}

	@AfterAll
	static void stop() {
		deferno.stop();
	}

	@BeforeEach
	void reset() {
		deferno.resetAll();
	}

	private static DefernoApi api(String baseUrl) {
		return new DefernoApi(RestClient.builder(), baseUrl, JsonMapper.builder().build());
	}

	@ParameterizedTest
	@CsvSource({ "204, REVOKED", "200, REVOKED", "401, GONE", "404, GONE", "410, GONE", "400, REFUSED", "403, REFUSED",
			"405, REFUSED" })
	void revokeWhenDefernoAnswersThenTheOutcomeItMeans(int status, Outcome outcome) {
		deferno.stubFor(delete("/api/auth/tokens/tok-1").willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.1\",\"data\":null,\"error\":{\"code\":\"x\",\"message\":\"y\"}}")));
		assertThat(api(deferno.baseUrl() + "/api").revoke("tok-1", "dfr_pat_alice")).isEqualTo(outcome);
		deferno.verify(1, deleteRequestedFor(urlPathEqualTo("/api/auth/tokens/tok-1")).withHeader("Authorization",
				equalTo("Bearer dfr_pat_alice")));
	}

	@ParameterizedTest
	@CsvSource({ "500", "502", "503", "429" })
	void revokeWhenDefernoFailsOnItsSideThenThrownToBeTriedAgain(int status) {
		deferno.stubFor(delete("/api/auth/tokens/tok-1").willReturn(aResponse().withStatus(status)));
		assertThatIllegalStateException().isThrownBy(() -> api(deferno.baseUrl() + "/api").revoke("tok-1", "t"))
			.withMessageContaining(Integer.toString(status));
	}

	@Test
	void revokeWhenDefernoUnreachableThenThrownToBeTriedAgain() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		assertThatIllegalStateException()
			.isThrownBy(() -> api("http://127.0.0.1:" + closed + "/api").revoke("tok-1", "t"))
			.withMessageStartingWith("Deferno did not answer");
	}

}
