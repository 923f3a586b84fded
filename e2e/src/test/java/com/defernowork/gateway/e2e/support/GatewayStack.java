package com.defernowork.gateway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestCertificate;

/**
 * The sandbox, the auth server and the resource server started from their jars behind the
 * project's nginx configuration, with nginx's origin as the issuer and public MCP origin:
 * what a person's MCP client sees.
 */
public final class GatewayStack implements AutoCloseable {

	private final AppProcess sandbox;

	private final AppProcess authServer;

	private final AppProcess resourceServer;

	private final NginxProcess nginx;

	private final String publicUrl;

	private final String internalSecret;

	private final Builder options;

	private GatewayStack(AppProcess sandbox, AppProcess authServer, AppProcess resourceServer, NginxProcess nginx,
			String publicUrl, String internalSecret, Builder options) {
		this.sandbox = sandbox;
		this.authServer = authServer;
		this.resourceServer = resourceServer;
		this.nginx = nginx;
		this.publicUrl = publicUrl;
		this.internalSecret = internalSecret;
		this.options = options;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The public origin (nginx), which is also the issuer. */
	public String publicUrl() {
		return this.publicUrl;
	}

	public String mcpUrl() {
		return this.publicUrl + "/mcp";
	}

	/**
	 * The sandbox's API base ({@code …/api}), reached directly, not through the gateway.
	 */
	public String sandboxApiUrl() {
		return this.sandbox.baseUrl() + "/api";
	}

	/**
	 * The sandbox's {@code X-Internal-Secret}, for tests that mint a person's Deferno
	 * token themselves.
	 */
	public String internalSecret() {
		return this.internalSecret;
	}

	/**
	 * The auth server's actuator: its own port with {@link Builder#managementPorts()},
	 * else the application's.
	 */
	public String authManagementUrl() {
		return (this.options.authManagementPort > 0) ? "http://127.0.0.1:" + this.options.authManagementPort
				: this.authServer.baseUrl();
	}

	/** The resource server's actuator, likewise. */
	public String mcpManagementUrl() {
		return (this.options.mcpManagementPort > 0) ? "http://127.0.0.1:" + this.options.mcpManagementPort
				: this.resourceServer.baseUrl();
	}

	/** The auth server reached directly, not through nginx. */
	public String authServerUrl() {
		return this.authServer.baseUrl();
	}

	/** The resource server reached directly, not through nginx. */
	public String resourceServerUrl() {
		return this.resourceServer.baseUrl();
	}

	/**
	 * Everything every process of the stack has logged so far, by process (nginx: access
	 * and error log).
	 */
	public Map<String, String> logs() {
		Map<String, String> logs = new LinkedHashMap<>();
		logs.put("deferno-sandbox", read(this.sandbox.log()));
		logs.put("auth-server", read(this.authServer.log()));
		logs.put("resource-server", read(this.resourceServer.log()));
		logs.put("nginx access", this.nginx.accessLog());
		logs.put("nginx error", this.nginx.errorLog());
		return logs;
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last lines of every application's log, for failure messages. */
	public String logTails() {
		return "--- auth-server (" + this.authServer.log() + ")\n" + this.authServer.logTail()
				+ "\n--- resource-server (" + this.resourceServer.log() + ")\n" + this.resourceServer.logTail()
				+ "\n--- nginx\n" + this.nginx.errorLog();
	}

	@Override
	public void close() {
		closeAll(this.nginx, this.resourceServer, this.authServer, this.sandbox);
		if (this.options.redisUrl != null) {
			RedisKeys.deleteByPrefix(this.options.redisUrl, this.options.redisKeyPrefix);
		}
	}

	private static void closeAll(AutoCloseable... processes) {
		for (AutoCloseable process : processes) {
			try {
				if (process != null) {
					process.close();
				}
			}
			catch (Exception ex) {
				// keep stopping the others
			}
		}
	}

	public static final class Builder {

		/**
		 * Generous: CI machines are small and shared, and three JVMs start one after
		 * another.
		 */
		private Duration startupTimeout = Duration.ofSeconds(240);

		private Duration accessTokenTtl = Duration.ofMinutes(10);

		private Duration introspectionCacheTtl;

		private String redisUrl;

		private String redisKeyPrefix;

		private TestCertificate documentHostCertificate;

		private int authManagementPort;

		private int mcpManagementPort;

		private String tokenFormat;

		private String otherResourcePath;

		private final Map<String, String> authEnv = new LinkedHashMap<>();

		private final Map<String, String> mcpEnv = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Serve each application's actuator on a port of its own, as an operator scraping
		 * Prometheus would.
		 */
		public Builder managementPorts() {
			this.authManagementPort = FreePorts.next();
			this.mcpManagementPort = FreePorts.next();
			return this;
		}

		/**
		 * The access tokens' format on both servers at once ({@code opaque} or
		 * {@code jwt}): they must agree.
		 */
		public Builder tokenFormat(String format) {
			this.tokenFormat = format;
			return this;
		}

		/**
		 * A second resource the auth server serves ({@code path} on the public origin),
		 * so it mints tokens the stack's resource server must refuse.
		 */
		public Builder otherResource(String path) {
			this.otherResourcePath = path;
			return this;
		}

		/** One more environment variable for the auth server. */
		public Builder authEnv(String name, String value) {
			this.authEnv.put(name, value);
			return this;
		}

		/** One more environment variable for the resource server. */
		public Builder mcpEnv(String name, String value) {
			this.mcpEnv.put(name, value);
			return this;
		}

		public Builder accessTokenTtl(Duration ttl) {
			this.accessTokenTtl = ttl;
			return this;
		}

		/**
		 * How long the resource server may trust a checked token (so how soon a
		 * revocation shows).
		 */
		public Builder introspectionCacheTtl(Duration ttl) {
			this.introspectionCacheTtl = ttl;
			return this;
		}

		/**
		 * Keep the auth server's state in Redis under a prefix of the test's own (deleted
		 * on close), as in production; without it the auth server keeps everything in
		 * memory and the shared Redis stays untouched.
		 */
		public Builder redis(String url, String keyPrefix) {
			this.redisUrl = url;
			this.redisKeyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Let the auth server fetch Client ID Metadata Documents from {@code localhost}
		 * (allow-listed as a private host), trusting the given test CA through the JVM's
		 * standard trust-store settings, as an operator would.
		 */
		public Builder clientMetadataDocumentsFrom(TestCertificate certificate) {
			this.documentHostCertificate = certificate;
			return this;
		}

		public GatewayStack start() {
			NginxProcess.assumeBinary("the end-to-end tests");
			int nginxPort = FreePorts.next();
			// the browser and the clients use this origin; loopback, so http is fine (RFC
			// 8252)
			String publicUrl = "http://localhost:" + nginxPort;
			String rsSecret = UUID.randomUUID().toString();
			String internalSecret = UUID.randomUUID().toString();
			byte[] vaultKey = new byte[32];
			new SecureRandom().nextBytes(vaultKey);
			AppProcess sandbox = null;
			AppProcess authServer = null;
			AppProcess resourceServer = null;
			try {
				sandbox = AppProcess.of("deferno-sandbox")
					.env("SANDBOX_INTERNAL_SECRET", internalSecret)
					.startupTimeout(this.startupTimeout)
					.start();
				String defernoApi = sandbox.baseUrl() + "/api";
				String resources = publicUrl + "/mcp"
						+ ((this.otherResourcePath != null) ? "," + publicUrl + this.otherResourcePath : "");
				AppProcess.Builder auth = AppProcess.of("auth-server")
					.env("AUTH_ISSUER", publicUrl)
					.env("MCP_RESOURCES", resources)
					.env("DEFERNO_BASE_URL", defernoApi)
					.env("RS_CLIENT_SECRET", rsSecret)
					.env("VAULT_KEY", Base64.getEncoder().encodeToString(vaultKey))
					.env("AUTH_ACCESS_TOKEN_TTL", this.accessTokenTtl.toSeconds() + "s")
					.startupTimeout(this.startupTimeout);
				if (this.tokenFormat != null) {
					auth.env("AUTH_TOKEN_FORMAT", this.tokenFormat);
				}
				this.authEnv.forEach(auth::env);
				if (this.authManagementPort > 0) {
					auth.env("AUTH_MANAGEMENT_PORT", String.valueOf(this.authManagementPort))
						.readinessPath("/.well-known/oauth-authorization-server");
				}
				if (this.documentHostCertificate != null) {
					auth.env("AUTH_CIMD_ALLOWED_PRIVATE_HOSTS", "localhost")
						.env("JAVA_TOOL_OPTIONS",
								"-Djavax.net.ssl.trustStore=" + this.documentHostCertificate.trustStore()
										+ " -Djavax.net.ssl.trustStorePassword=" + TestCertificate.PASSWORD
										+ " -Djavax.net.ssl.trustStoreType=PKCS12");
				}
				if (this.redisUrl != null) {
					auth.env("REDIS_URL", this.redisUrl).property("auth.redis.key-prefix", this.redisKeyPrefix);
				}
				else {
					auth.property("auth.storage", "memory");
				}
				authServer = auth.start();
				AppProcess.Builder mcp = AppProcess.of("resource-server")
					.env("MCP_PUBLIC_URL", publicUrl)
					.env("AUTH_ISSUER", publicUrl)
					.env("AUTH_INTERNAL_URL", authServer.baseUrl())
					.env("DEFERNO_BASE_URL", defernoApi)
					.env("RS_CLIENT_SECRET", rsSecret)
					.startupTimeout(this.startupTimeout);
				if (this.tokenFormat != null) {
					mcp.env("MCP_TOKEN_FORMAT", this.tokenFormat);
				}
				this.mcpEnv.forEach(mcp::env);
				if (this.mcpManagementPort > 0) {
					mcp.env("MCP_MANAGEMENT_PORT", String.valueOf(this.mcpManagementPort))
						.readinessPath("/.well-known/oauth-protected-resource/mcp");
				}
				if (this.introspectionCacheTtl != null) {
					mcp.env("MCP_INTROSPECTION_CACHE_TTL", this.introspectionCacheTtl.toSeconds() + "s");
				}
				resourceServer = mcp.start();
				// the fuzzing and conformance runs send hundreds of requests a second
				// with one
				// token, far past what nginx lets an agent send (NginxRoutingIT tests
				// that)
				NginxProcess nginx = NginxProcess.startLocal(nginxPort, "127.0.0.1:" + authServer.port(),
						"127.0.0.1:" + resourceServer.port(), Path.of("target", "nginx-runs").toAbsolutePath(),
						Map.of("NGINX_MCP_RATE", "100000r/s"));
				return new GatewayStack(sandbox, authServer, resourceServer, nginx, publicUrl, internalSecret, this);
			}
			catch (RuntimeException ex) {
				closeAll(resourceServer, authServer, sandbox);
				throw ex;
			}
		}

	}

}
