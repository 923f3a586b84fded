package com.defernowork.gateway.mcp.sandbox;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

import com.defernowork.gateway.mcp.support.SandboxTokens;
import com.defernowork.gateway.testsupport.AppProcess;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A test class's own {@code deferno-sandbox} behind a WireMock proxy, which sees (and,
 * with extensions, acts on) every request the resource server makes to Deferno; signed in
 * as alice, nothing remembered between calls ({@link SandboxTestBase} without the proxy).
 */
final class ProxiedSandbox {

	private final WireMockServer proxy;

	private AppProcess sandbox;

	private String token;

	ProxiedSandbox(Extension... extensions) {
		this.proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(extensions));
	}

	/** Starts both once, and points the resource server at the proxy. */
	void register(DynamicPropertyRegistry registry) throws Exception {
		if (this.sandbox == null) {
			this.sandbox = AppProcess.of("deferno-sandbox").start();
			this.proxy.start();
			this.proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(this.sandbox.baseUrl())));
			this.token = new SandboxTokens(this.sandbox.baseUrl()).signIn("alice", "sandbox");
		}
		registry.add("deferno.base-url", () -> this.proxy.baseUrl() + "/api");
		registry.add("deferno.token", () -> this.token);
		registry.add("deferno.calls-per-minute", () -> Integer.MAX_VALUE);
		// every call asks for what it needs: nothing remembered between calls
		registry.add("deferno.profile-ttl", () -> "0s");
	}

	WireMockServer proxy() {
		return this.proxy;
	}

	/** The sandbox itself, for what the person does there directly. */
	String baseUrl() {
		return this.sandbox.baseUrl();
	}

	/** Alice's Deferno token. */
	String token() {
		return this.token;
	}

	void stop() {
		this.proxy.stop();
		if (this.sandbox != null) {
			this.sandbox.close();
			this.sandbox = null;
		}
	}

}
