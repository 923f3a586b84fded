package com.defernowork.gateway.web.health;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches requests that arrive on the management port of its own, once its server has
 * started (its port may have been chosen at random); none when management shares the
 * application's port.
 */
final class ManagementPort implements RequestMatcher, ApplicationListener<WebServerInitializedEvent> {

	private static final String NAMESPACE = "management";

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return this.port > 0 && request.getLocalPort() == this.port;
	}

}
