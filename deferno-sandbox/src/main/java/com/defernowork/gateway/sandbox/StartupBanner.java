package com.defernowork.gateway.sandbox;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says loudly, once listening, that this is a simulator, where it listens and how to sign
 * in.
 */
@Component
final class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(StartupBanner.class);

	private final SandboxProperties properties;

	private final Environment environment;

	StartupBanner(SandboxProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		String address = this.environment.getProperty("server.address", "127.0.0.1");
		String base = "http://" + address + ":" + event.getWebServer().getPort();
		String users = this.properties.users()
			.stream()
			.map((user) -> user.username() + "/" + user.password()
					+ ((user.token() != null) ? " (token " + user.token() + ")" : ""))
			.collect(Collectors.joining(", "));
		logger.warn("Deferno SANDBOX: an in-memory simulator of the Deferno backend, not the real service; data is lost"
				+ " on restart. API {}/api (envelope {}), health {}/health. Demo sign-ins: {}; shared org '{}'.", base,
				this.properties.apiVersion(), base, users, this.properties.sharedOrg());
	}

}
