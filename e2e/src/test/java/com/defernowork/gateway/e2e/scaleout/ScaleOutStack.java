package com.defernowork.gateway.e2e.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import com.defernowork.gateway.e2e.support.NginxProcess;
import com.defernowork.gateway.testsupport.AppProcess;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.HealthCheck;

/**
 * The gateway scaled out as an operator runs it: the sandbox as Deferno, two auth servers
 * and two resource servers on one Redis (given as Spring Boot's
 * {@code SPRING_DATA_REDIS_*} settings), and the project's nginx sending each request to
 * the next server of a service in turn (round-robin, no stickiness). The resource servers
 * reach the auth servers through nginx too, so either auth server may stop.
 */
final class ScaleOutStack implements AutoCloseable {

	static final String RS_CLIENT_ID = "mcp-resource-server";

	private static final Duration STARTUP = Duration.ofSeconds(240);

	private final AppProcess sandbox;

	private final List<AppProcess> authServers;

	private final List<AppProcess> resourceServers;

	private final NginxProcess nginx;

	private final String publicUrl;

	private final String rsSecret;

	private final Path accessLogs;

	private final String keyPrefix;

	private ScaleOutStack(AppProcess sandbox, List<AppProcess> authServers, List<AppProcess> resourceServers,
			NginxProcess nginx, String publicUrl, String rsSecret, Path accessLogs, String keyPrefix) {
		this.sandbox = sandbox;
		this.authServers = authServers;
		this.resourceServers = resourceServers;
		this.nginx = nginx;
		this.publicUrl = publicUrl;
		this.rsSecret = rsSecret;
		this.accessLogs = accessLogs;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Starts everything; {@code redis} is the auth servers' Redis connection as
	 * environment variables.
	 */
	static ScaleOutStack start(Map<String, String> redis) {
		NginxProcess.assumeBinary("the scale-out tests");
		int nginxPort = FreePorts.next();
		String publicUrl = "http://localhost:" + nginxPort;
		String rsSecret = UUID.randomUUID().toString();
		byte[] vaultKey = new byte[32];
		new SecureRandom().nextBytes(vaultKey);
		String keyPrefix = "scaleout-" + UUID.randomUUID().toString().substring(0, 8) + ":";
		Path accessLogs = Path.of("target", "app-logs", "scaleout-" + nginxPort).toAbsolutePath();
		List<AppProcess> started = new ArrayList<>();
		try {
			AppProcess sandbox = AppProcess.of("deferno-sandbox").startupTimeout(STARTUP).start();
			started.add(sandbox);
			String defernoApi = sandbox.baseUrl() + "/api";
			List<AppProcess> authServers = startTwo(started, (index) -> {
				AppProcess.Builder auth = AppProcess.of("auth-server")
					.env("AUTH_ISSUER", publicUrl)
					.env("MCP_RESOURCES", publicUrl + "/mcp")
					.env("DEFERNO_BASE_URL", defernoApi)
					.env("RS_CLIENT_SECRET", rsSecret)
					.env("VAULT_KEY", Base64.getEncoder().encodeToString(vaultKey))
					.property("auth.redis.key-prefix", keyPrefix)
					// which server answered what, for the test to see that both took part
					.property("server.tomcat.accesslog.enabled", "true")
					.property("server.tomcat.accesslog.directory", accessLogs.resolve("auth-" + index).toString())
					.property("server.tomcat.accesslog.prefix", "access")
					.property("server.tomcat.accesslog.buffered", "false")
					.property("server.tomcat.accesslog.pattern", "%m %U %s")
					.startupTimeout(STARTUP);
				redis.forEach(auth::env);
				return auth;
			});
			List<Integer> rsPorts = List.of(FreePorts.next(), FreePorts.next());
			NginxProcess nginx = NginxProcess.startLocal(nginxPort,
					upstreams(authServers.stream().map(AppProcess::port).toList()), upstreams(rsPorts),
					Path.of("target", "nginx-runs").toAbsolutePath());
			List<AppProcess> resourceServers;
			try {
				resourceServers = startTwo(started,
						(index) -> AppProcess.of("resource-server")
							.port(rsPorts.get(index))
							.env("MCP_PUBLIC_URL", publicUrl)
							.env("AUTH_ISSUER", publicUrl)
							.env("AUTH_INTERNAL_URL", publicUrl)
							.env("DEFERNO_BASE_URL", defernoApi)
							.env("RS_CLIENT_SECRET", rsSecret)
							// revocation shows within a second on both resource servers
							.env("MCP_INTROSPECTION_CACHE_TTL", "1s")
							.startupTimeout(STARTUP));
			}
			catch (RuntimeException ex) {
				nginx.close();
				throw ex;
			}
			return new ScaleOutStack(sandbox, authServers, resourceServers, nginx, publicUrl, rsSecret, accessLogs,
					keyPrefix);
		}
		catch (RuntimeException ex) {
			started.forEach(AppProcess::close);
			throw ex;
		}
	}

	/**
	 * Two of a service, started side by side (the machine is busy enough without waiting
	 * for each in turn).
	 */
	private static List<AppProcess> startTwo(List<AppProcess> started, IntFunction<AppProcess.Builder> builder) {
		AppProcess.Builder first = builder.apply(0);
		AppProcess.Builder second = builder.apply(1);
		CompletableFuture<AppProcess> one = CompletableFuture.supplyAsync(first::start);
		CompletableFuture<AppProcess> two = CompletableFuture.supplyAsync(second::start);
		List<AppProcess> both = new ArrayList<>();
		for (CompletableFuture<AppProcess> app : List.of(one, two)) {
			try {
				both.add(app.join());
			}
			catch (RuntimeException ex) {
				started.addAll(both);
				both.clear();
				two.thenAccept(AppProcess::close);
				throw ex;
			}
		}
		started.addAll(both);
		return both;
	}

	private static String upstreams(List<Integer> ports) {
		return String.join(",", ports.stream().map((port) -> "127.0.0.1:" + port).toList());
	}

	String publicUrl() {
		return this.publicUrl;
	}

	String mcpUrl() {
		return this.publicUrl + "/mcp";
	}

	String rsSecret() {
		return this.rsSecret;
	}

	/** The auth servers' Redis key prefix. */
	String keyPrefix() {
		return this.keyPrefix;
	}

	List<AppProcess> authServers() {
		return this.authServers;
	}

	/**
	 * Waits until every auth server reaches Redis again (its health is up): after a
	 * failover each one reconnects, and meanwhile answers 503 with {@code Retry-After}.
	 */
	void awaitStoreReachable() {
		for (AppProcess app : this.authServers) {
			HealthCheck.awaitUp(app.baseUrl(), Duration.ofSeconds(30));
		}
	}

	/**
	 * The lines {@code METHOD path status} auth server {@code index} has answered so far.
	 */
	List<String> requestsServedBy(int index) {
		List<String> lines = new ArrayList<>();
		try (DirectoryStream<Path> logs = Files.newDirectoryStream(this.accessLogs.resolve("auth-" + index))) {
			for (Path log : logs) {
				lines.addAll(Files.readAllLines(log));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return lines;
	}

	String logTails() {
		StringBuilder tails = new StringBuilder();
		for (AppProcess app : this.authServers) {
			tails.append("--- auth-server ").append(app.log()).append('\n').append(app.logTail()).append('\n');
		}
		for (AppProcess app : this.resourceServers) {
			tails.append("--- resource-server ").append(app.log()).append('\n').append(app.logTail()).append('\n');
		}
		return tails.append("--- nginx\n").append(this.nginx.errorLog()).toString();
	}

	@Override
	public void close() {
		this.nginx.close();
		this.resourceServers.forEach(AppProcess::close);
		this.authServers.forEach(AppProcess::close);
		this.sandbox.close();
	}

}
