package com.defernowork.gateway.auth.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerApplication;
import com.defernowork.gateway.testsupport.FreePorts;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An auth server started by a test itself, for tests that restart it or need other
 * settings.
 */
public final class RunningAuthServer implements AutoCloseable {

	/**
	 * The resource server's secret unless a test sets its own (Redis storage refuses the
	 * built-in one).
	 */
	/** The vault key of every test server unless one is given (required with Redis). */
	public static final String VAULT_KEY = "dGVzdC12YXVsdC1rZXktMzItYnl0ZXMtbG9uZy0wMDA=";

	public static final String RS_CLIENT_SECRET = "running-auth-server-rs-secret-0123456789abcdefghij";

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private RunningAuthServer(ConfigurableApplicationContext context, String baseUrl) {
		this.context = context;
		this.baseUrl = baseUrl;
	}

	public static int freePort() {
		return FreePorts.next();
	}

	/**
	 * Starts on the given port with issuer {@code http://127.0.0.1:<port>} and the given
	 * extra properties.
	 */
	public static RunningAuthServer start(int port, Map<String, Object> properties) {
		return start(port, properties, null);
	}

	/**
	 * Starts as {@link #start(int, Map)} does, its in-process caches and expiries read
	 * from the given ticker (none: the system's).
	 */
	public static RunningAuthServer start(int port, Map<String, Object> properties, Ticker ticker) {
		String baseUrl = "http://127.0.0.1:" + port;
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("server.port", port);
		all.put("auth.issuer", baseUrl);
		all.put("auth.rs-client.secret", RS_CLIENT_SECRET);
		all.put("auth.vault.key", VAULT_KEY);
		all.putAll(properties);
		// command-line arguments, so they win over application.yml like a deployment's
		// environment does
		String[] args = all.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		SpringApplicationBuilder application = new SpringApplicationBuilder(AuthServerApplication.class);
		if (ticker != null) {
			application.initializers((context) -> context.getBeanFactory().registerSingleton("testTicker", ticker));
		}
		ConfigurableApplicationContext context = application.run(args);
		return new RunningAuthServer(context, baseUrl);
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Where {@code /actuator} answers: the management port when started with
	 * {@code management.server.port} (the only place health shows its details), else the
	 * application's.
	 */
	public String managementUrl() {
		String port = this.context.getEnvironment().getProperty("local.management.port");
		return (port != null) ? "http://127.0.0.1:" + port : this.baseUrl;
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
