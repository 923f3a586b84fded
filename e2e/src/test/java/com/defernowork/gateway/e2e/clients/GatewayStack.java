package com.defernowork.gateway.e2e.clients;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.defernowork.gateway.e2e.support.NginxProcess;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;

/**
 * The sandbox, the auth server and the resource server started from their jars behind the project's nginx
 * configuration, with nginx's origin as the issuer and public MCP origin: what a person's MCP client sees.
 */
final class GatewayStack implements AutoCloseable {

	private final AppProcess sandbox;

	private final AppProcess authServer;

	private final AppProcess resourceServer;

	private final NginxProcess nginx;

	private final String publicUrl;

	private final String internalSecret;

	private GatewayStack(AppProcess sandbox, AppProcess authServer, AppProcess resourceServer, NginxProcess nginx,
			String publicUrl, String internalSecret) {
		this.sandbox = sandbox;
		this.authServer = authServer;
		this.resourceServer = resourceServer;
		this.nginx = nginx;
		this.publicUrl = publicUrl;
		this.internalSecret = internalSecret;
	}

	/**
	 * Starts the stack; access tokens live {@code accessTokenTtl}. The auth server keeps its state in memory, so
	 * these tests leave nothing behind in the shared Redis.
	 */
	static GatewayStack start(Duration accessTokenTtl) {
		if (NginxProcess.binary().isEmpty()) {
			throw new IllegalStateException("no nginx binary on the PATH: install nginx (.ci/run does)");
		}
		int nginxPort = FreePorts.next();
		// the browser and the clients use this origin; loopback, so http is fine (RFC 8252)
		String publicUrl = "http://localhost:" + nginxPort;
		String rsSecret = UUID.randomUUID().toString();
		String internalSecret = UUID.randomUUID().toString();
		byte[] vaultKey = new byte[32];
		new SecureRandom().nextBytes(vaultKey);
		AppProcess sandbox = null;
		AppProcess authServer = null;
		AppProcess resourceServer = null;
		try {
			sandbox = AppProcess.of("deferno-sandbox").env("SANDBOX_INTERNAL_SECRET", internalSecret).start();
			String defernoApi = sandbox.baseUrl() + "/api";
			authServer = AppProcess.of("auth-server")
				.env("AUTH_ISSUER", publicUrl)
				.env("MCP_RESOURCES", publicUrl + "/mcp")
				.env("DEFERNO_BASE_URL", defernoApi)
				.env("RS_CLIENT_SECRET", rsSecret)
				.env("VAULT_KEY", Base64.getEncoder().encodeToString(vaultKey))
				.env("AUTH_ACCESS_TOKEN_TTL", accessTokenTtl.toSeconds() + "s")
				.property("auth.storage", "memory")
				.start();
			resourceServer = AppProcess.of("resource-server")
				.env("MCP_PUBLIC_URL", publicUrl)
				.env("AUTH_ISSUER", publicUrl)
				.env("AUTH_INTERNAL_URL", authServer.baseUrl())
				.env("DEFERNO_BASE_URL", defernoApi)
				.env("RS_CLIENT_SECRET", rsSecret)
				.start();
			NginxProcess nginx = NginxProcess.startLocal(nginxPort, "127.0.0.1:" + authServer.port(),
					"127.0.0.1:" + resourceServer.port(), Path.of("target", "nginx-runs").toAbsolutePath());
			return new GatewayStack(sandbox, authServer, resourceServer, nginx, publicUrl, internalSecret);
		}
		catch (RuntimeException ex) {
			closeAll(resourceServer, authServer, sandbox);
			throw ex;
		}
	}

	/** The public origin (nginx), which is also the issuer. */
	String publicUrl() {
		return this.publicUrl;
	}

	String mcpUrl() {
		return this.publicUrl + "/mcp";
	}

	SandboxApi sandboxApi() {
		return new SandboxApi(this.sandbox.baseUrl() + "/api", this.internalSecret);
	}

	/** The last lines of every application's log, for failure messages. */
	String logTails() {
		return "--- auth-server (" + this.authServer.log() + ")\n" + this.authServer.logTail()
				+ "\n--- resource-server (" + this.resourceServer.log() + ")\n" + this.resourceServer.logTail()
				+ "\n--- nginx\n" + this.nginx.errorLog();
	}

	@Override
	public void close() {
		closeAll(this.nginx, this.resourceServer, this.authServer, this.sandbox);
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

}
