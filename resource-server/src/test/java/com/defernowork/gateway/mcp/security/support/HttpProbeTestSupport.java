package com.defernowork.gateway.mcp.security.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The resource server under test on its random port, and a new {@link HttpProbe} to it
 * for each test.
 */
public abstract class HttpProbeTestSupport {

	@LocalServerPort
	protected int port;

	protected HttpProbe http;

	@BeforeEach
	void probe() {
		this.http = new HttpProbe("http://127.0.0.1:" + this.port);
	}

}
