package com.defernowork.gateway.sandbox;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SANDBOX_API_VERSION=0.2} switches the envelope version of successes and errors.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sandbox.api-version=0.2")
class EnvelopeVersionIT {

	@LocalServerPort
	int port;

	@Test
	void envelopeWhenVersion02ThenEveryAnswerSaysSo() {
		SandboxHttp http = new SandboxHttp(this.port);
		assertThat(http.get("/api/auth/me", SandboxHttp.ALICE).json().get("version").asString()).isEqualTo("0.2");
		SandboxHttp.Response error = http.get("/api/items/00000000-0000-0000-0000-000000000001", SandboxHttp.ALICE);
		assertThat(error.body()).isEqualTo(
				"{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"not_found\",\"message\":\"item not found\"}}");
		SandboxHttp.Response filter = http.get("/api/items?$filter=nope%20eq%20'x'", SandboxHttp.ALICE);
		assertThat(filter.body()).isEqualTo(
				"{\"version\":\"0.2\",\"data\":null,\"error\":{\"code\":\"bad_request\",\"message\":\"field 'nope' not filterable\"}}");
	}

}
