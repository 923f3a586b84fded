package com.defernowork.gateway.mcp.security.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock on a free loopback port for one test class, held in a static
 * {@code @RegisterExtension} field: it starts as the class is loaded, so that its
 * {@code @DynamicPropertySource} can already read its URL, and stops after the class's
 * last test. Not WireMock's own JUnit extension: it stops its server at the end of every
 * {@code @Nested} class, and the next one would start it on another port than the one the
 * Spring context was given.
 */
public final class ClassScopedWireMock extends WireMockServer implements AfterAllCallback {

	public ClassScopedWireMock() {
		super(options().dynamicPort().bindAddress("127.0.0.1"));
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		// @Nested classes inherit the extension: only the outermost class's end stops it
		if (!context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
			stop();
		}
	}

}
