package com.defernowork.gateway.auth.upstream;

import java.net.InetSocketAddress;
import java.net.Socket;

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
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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

	@ParameterizedTest
	@CsvSource({ "200, 401, REVOKED", "204, 401, REVOKED", "200, 200, REFUSED", "200, 403, REFUSED", "401, 200, GONE",
			"404, 401, REFUSED", "405, 401, REFUSED" })
	void revokeWhenNoTokenIdThenTheSessionIsEndedAndConfirmedWithAuthMe(int logout, int me, Outcome outcome) {
		deferno.stubFor(post("/api/auth/logout").willReturn(aResponse().withStatus(logout)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"version\":\"0.1\",\"data\":{\"logout_url\":null},\"error\":null}")));
		deferno.stubFor(get("/api/auth/me").willReturn(aResponse().withStatus(me)));
		assertThat(api(deferno.baseUrl() + "/api").revoke(null, "dfr_session")).isEqualTo(outcome);
		deferno.verify(1, postRequestedFor(urlPathEqualTo("/api/auth/logout")).withHeader("Authorization",
				equalTo("Bearer dfr_session")));
		deferno.verify((logout / 100 == 2) ? 1 : 0, getRequestedFor(urlPathEqualTo("/api/auth/me"))
			.withHeader("Authorization", equalTo("Bearer dfr_session")));
	}

	@ParameterizedTest
	@CsvSource({ "503, 401", "200, 503" })
	void revokeWhenNoTokenIdAndDefernoFailsOnItsSideThenThrownToBeTriedAgain(int logout, int me) {
		deferno.stubFor(post("/api/auth/logout").willReturn(aResponse().withStatus(logout)));
		deferno.stubFor(get("/api/auth/me").willReturn(aResponse().withStatus(me)));
		assertThatIllegalStateException().isThrownBy(() -> api(deferno.baseUrl() + "/api").revoke(null, "t"))
			.withMessageContaining("503");
	}

	@Test
	void revokeWhenDefernoUnreachableThenThrownToBeTriedAgain() throws Exception {
		// a port bound but not listening refuses connections, and stays ours meanwhile
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			int closed = socket.getLocalPort();
			assertThatIllegalStateException()
				.isThrownBy(() -> api("http://127.0.0.1:" + closed + "/api").revoke("tok-1", "t"))
				.withMessageStartingWith("Deferno did not answer");
		}
	}

}
