package com.defernowork.gateway.mcp.sandbox;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.defernowork.gateway.mcp.support.PermitAllSecurityConfig;
import com.defernowork.gateway.mcp.support.SandboxTokens;
import com.defernowork.gateway.testsupport.AppProcess;

/**
 * This resource server backed by a real {@code deferno-sandbox} of the test class's own,
 * with a Deferno token obtained through the sandbox's native OAuth sign-in as alice. The
 * context is not shared with another class, as it names this class's sandbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PermitAllSecurityConfig.class)
@DirtiesContext
abstract class SandboxTestBase {

	static AppProcess sandbox;

	/** Alice's Deferno token, for what a test sets up in the sandbox itself. */
	static String token;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void sandbox(DynamicPropertyRegistry registry) throws Exception {
		if (sandbox == null) {
			sandbox = AppProcess.of("deferno-sandbox").start();
			token = new SandboxTokens(sandbox.baseUrl()).signIn("alice", "sandbox");
		}
		registry.add("deferno.base-url", () -> sandbox.baseUrl() + "/api");
		registry.add("deferno.token", () -> token);
		// these tests call every tool thousands of times as one person, in minutes
		registry.add("deferno.calls-per-minute", () -> Integer.MAX_VALUE);
	}

	@AfterAll
	static void stopSandbox() {
		if (sandbox != null) {
			sandbox.close();
			sandbox = null;
		}
	}

}
