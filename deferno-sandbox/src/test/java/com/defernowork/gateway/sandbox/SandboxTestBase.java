package com.defernowork.gateway.sandbox;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sandbox on a random port, reached over real HTTP; the subclasses share one Spring
 * context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class SandboxTestBase {

	@LocalServerPort
	int port;

	SandboxHttp http;

	@BeforeEach
	void connect() {
		this.http = new SandboxHttp(this.port);
	}

	/** A new top-level Task of Alice's, by its id. */
	String task(String title) {
		return this.http.post("/api/tasks", SandboxHttp.ALICE, Map.of("title", title, "description", ""))
			.data()
			.get("id")
			.asString();
	}

}
