package com.defernowork.gateway.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.defernowork.gateway.e2e.support.NginxProcess;
import com.defernowork.gateway.e2e.support.ProjectDir;
import com.defernowork.gateway.testsupport.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nginx part of {@code docker-compose.yml} without a Docker engine: the templates
 * rendered with the nginx service's environment the way the image's template step does,
 * checked by {@code nginx -t}, and the settings that
 * {@code docker compose up --scale auth-server=2 --scale resource-server=2} relies on.
 */
class ComposeNginxIT {

	static final Path WORK = Path.of("target", "nginx-runs").toAbsolutePath();

	/**
	 * {@code server ... resolve} in an upstream block: nginx open source 1.27.3 and
	 * later.
	 */
	static final List<Integer> RESOLVE_SINCE = List.of(1, 27, 3);

	static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");

	static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

	/** An upstream block, up to the brace that closes it at the start of a line. */
	static final Pattern UPSTREAM_BLOCK = Pattern.compile("(?ms)^upstream\\s+(\\S+)\\s*\\{(.*?)^}");

	/**
	 * How long Tomcat keeps an idle connection: its connectionTimeout, 60 s by default,
	 * which neither application sets (no server.tomcat.keep-alive-timeout or
	 * connection-timeout).
	 */
	static final int TOMCAT_KEEP_ALIVE_SECONDS = 60;

	static JsonNode compose;

	static Map<String, String> nginxEnvironment;

	@BeforeAll
	static void readCompose() throws Exception {
		compose = YAMLMapper.builder().build().readTree(ProjectDir.root().resolve("docker-compose.yml").toFile());
		nginxEnvironment = new HashMap<>();
		compose.path("services")
			.path("nginx")
			.path("environment")
			.properties()
			.forEach(entry -> nginxEnvironment.put(entry.getKey(), withComposeDefaults(entry.getValue().asString())));
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "tls" })
	void templateWhenRenderedWithComposeEnvironmentThenEveryVariableIsSetAndUpstreamsResolveReplicas(String mode)
			throws Exception {
		Set<String> used = new TreeSet<>();
		Matcher matcher = TEMPLATE_VARIABLE.matcher(Files.readString(template(mode)));
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		// the image substitutes only variables set in the container: any other would
		// reach nginx as "${...}"
		assertThat(nginxEnvironment.keySet()).containsAll(used);

		String rendered = Files
			.readString(render(mode, forMode(mode, new HashMap<>(nginxEnvironment))).resolve("conf.d/default.conf"));
		assertThat(rendered)
			.contains("resolver 127.0.0.11 valid=10s", "zone deferno_auth_server",
					"server auth-server:9000 resolve fail_timeout=2s;", "zone deferno_resource_server",
					"server resource-server:8001 resolve fail_timeout=2s;",
					"access_log /var/log/nginx/access.log deferno_private;")
			.doesNotContain("${");
		if (mode.equals("tls")) {
			// PUBLIC_HOST left at compose's default: PUBLIC_URL's host
			assertThat(rendered).contains("server_name mcp.example.com;");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "tls" })
	void templateWhenRenderedWithComposeEnvironmentThenNginxAcceptsIt(String mode) {
		NginxProcess.assumeBinary("the compose nginx check");
		Map<String, String> environment = forMode(mode, nginxEnvironmentHere());
		if (!supportsResolve(NginxProcess.version())) {
			// an nginx older than the image's cannot parse "resolve" and cannot resolve
			// Docker's service names: the rest of the configuration is still checked,
			// against loopback upstreams
			environment.put("AUTH_UPSTREAM", "127.0.0.1:9000");
			environment.put("MCP_UPSTREAM", "127.0.0.1:8001");
		}

		String output = NginxProcess.test(render(mode, environment));

		assertThat(output).contains("test is successful");
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "tls" })
	void templateWhenUpstreamConnectionsAreKeptThenNginxDropsThemBeforeTomcatDoes(String mode) throws Exception {
		String template = Files.readString(template(mode)).replaceAll("#[^\n]*", "");
		Matcher upstream = UPSTREAM_BLOCK.matcher(template);
		int kept = 0;
		while (upstream.find()) {
			String block = upstream.group(2);
			if (!Pattern.compile("(?m)^\\s*keepalive\\s").matcher(block).find()) {
				continue;
			}
			kept++;
			// nginx's default is 60 s, Tomcat's too: nginx would at times send a
			// request on a connection Tomcat is closing, and a POST (/mcp,
			// /oauth2/token) is not retried
			Matcher timeout = Pattern.compile("(?m)^\\s*keepalive_timeout\\s+(\\d+)s;").matcher(block);
			assertThat(timeout.find()).as("%s: upstream %s sets keepalive_timeout in seconds", mode, upstream.group(1))
				.isTrue();
			assertThat(Integer.parseInt(timeout.group(1))).as("%s: upstream %s", mode, upstream.group(1))
				.isLessThan(TOMCAT_KEEP_ALIVE_SECONDS);
		}
		assertThat(kept).as("%s: upstreams with keepalive", mode).isPositive();
	}

	@ParameterizedTest
	@CsvSource({ "local,''", "tls,/var/www/acme" })
	void templateWhenItServesFilesThenComposeMountsTheirFolder(String mode, String servedFolders) throws Exception {
		Set<String> mounted = new TreeSet<>();
		compose.path("services")
			.path("nginx")
			.path("volumes")
			.forEach((volume) -> mounted.add(withComposeDefaults(volume.asString()).split(":")[1]));
		Set<String> served = new TreeSet<>();
		Matcher folder = Pattern.compile("\\b(?:root|alias)\\s+([^;\\s]+);").matcher(Files.readString(template(mode)));
		while (folder.find()) {
			served.add(folder.group(1));
		}
		// the folders this test knows of: a new one must be added here, and mounted
		assertThat(served).as(mode).isEqualTo(servedFolders.isEmpty() ? Set.of() : Set.of(servedFolders.split(" ")));
		// the image has no such folder: nginx would answer 404 to, e.g., certbot's
		// challenge
		assertThat(mounted).as(mode).containsAll(served);
	}

	@Test
	void composeWhenNginxStartsThenTheImageRunsEveryEntrypointStepOfThisFolderBeforeRenderingTheTemplates()
			throws Exception {
		Map<String, String> mounted = new HashMap<>();
		compose.path("services").path("nginx").path("volumes").forEach((volume) -> {
			String[] parts = withComposeDefaults(volume.asString()).split(":");
			mounted.put(parts[1], parts[0]);
		});
		try (Stream<Path> steps = Files.list(ProjectDir.root().resolve("nginx/docker-entrypoint.d"))) {
			for (Path step : steps.toList()) {
				String name = step.getFileName().toString();
				// sourced (*.envsh), executable, and sorted before the image's template
				// step (20-envsubst), so that what it exports reaches the templates
				assertThat(name).matches("1\\d-.+\\.envsh");
				assertThat(Files.isExecutable(step)).as(name).isTrue();
				assertThat(mounted).containsEntry("/docker-entrypoint.d/" + name,
						"./nginx/docker-entrypoint.d/" + name);
			}
		}
		// the steps check tls mode's settings in tls mode: the one whose templates are
		// mounted
		String templates = compose.path("services").path("nginx").path("volumes").get(0).asString();
		assertThat(templates).isEqualTo("./nginx/templates/${NGINX_MODE:-local}:/etc/nginx/templates:ro");
		assertThat(compose.path("services").path("nginx").path("environment").path("NGINX_MODE").asString())
			.isEqualTo("${NGINX_MODE:-local}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "tls" })
	void templateWhenSeveralProxiesAreTrustedThenNginxGetsOneLineEachAndAcceptsThem(String mode) throws Exception {
		NginxProcess.assumeBinary("the trusted proxies check");
		Map<String, String> environment = forMode(mode, nginxEnvironmentHere());
		environment.put("AUTH_UPSTREAM", "127.0.0.1:9000");
		environment.put("MCP_UPSTREAM", "127.0.0.1:8001");
		environment.put("NGINX_TRUSTED_PROXY", "173.245.48.0/20, 2400:cb00::/32 10.0.0.1");

		Path prefix = render(mode, environment);

		assertThat(Files.readString(prefix.resolve("conf.d/default.conf"))).contains(
				"set_real_ip_from 173.245.48.0/20;", "set_real_ip_from 2400:cb00::/32;", "set_real_ip_from 10.0.0.1;");
		assertThat(NginxProcess.test(prefix)).contains("test is successful");
	}

	@Test
	void composeWhenScaledThenTheImageCanResolveReplicasAndTheScaledServicesClaimNoFixedNameOrPort() {
		String image = compose.path("services").path("nginx").path("image").asString();
		Matcher version = Pattern.compile("^nginx:(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(image);
		assertThat(version.find()).as("a versioned nginx image: %s", image).isTrue();
		List<Integer> imageVersion = List.of(Integer.valueOf(version.group(1)), Integer.valueOf(version.group(2)),
				version.group(3) != null ? Integer.valueOf(version.group(3)) : Integer.MAX_VALUE);
		assertThat(supportsResolve(imageVersion)).as("%s supports server ... resolve", image).isTrue();

		for (String service : List.of("auth-server", "resource-server")) {
			JsonNode definition = compose.path("services").path(service);
			assertThat(definition.isObject()).as(service).isTrue();
			assertThat(definition.has("container_name")).as("%s has a fixed container name", service).isFalse();
			assertThat(definition.has("ports")).as("%s publishes a host port", service).isFalse();
		}
	}

	@Test
	void resourceServerWhenItChecksTokensThenItCallsTheAuthServerDirectlyNotThroughNginxLimits() {
		String internal = withComposeDefaults(compose.path("services")
			.path("resource-server")
			.path("environment")
			.path("AUTH_INTERNAL_URL")
			.asString());

		assertThat(URI.create(internal).getHost()).isEqualTo("auth-server");
		assertThat(nginxEnvironment.get("AUTH_UPSTREAM")).startsWith("auth-server:" + URI.create(internal).getPort());
	}

	@Test
	void composeWhenObservabilityProfileThenPrometheusScrapesTheManagementPortsThatNginxNeverRoutes() throws Exception {
		JsonNode prometheus = YAMLMapper.builder()
			.build()
			.readTree(ProjectDir.root().resolve("ops/prometheus/prometheus.yml").toFile());
		Map<String, String> upstreams = Map.of("auth-server", "AUTH_UPSTREAM", "resource-server", "MCP_UPSTREAM");
		Map<String, String> ports = Map.of("auth-server", "AUTH_MANAGEMENT_PORT", "resource-server",
				"MCP_MANAGEMENT_PORT");
		for (String service : List.of("auth-server", "resource-server")) {
			JsonNode definition = compose.path("services").path(service);
			String port = withComposeDefaults(definition.path("environment").path(ports.get(service)).asString());
			assertThat(port).as("%s management port", service).matches("\\d+");
			assertThat(nginxEnvironment.get(upstreams.get(service))).as(service).doesNotContain(":" + port);
			assertThat(definition.path("healthcheck").path("test").toString()).as(service)
				.contains("127.0.0.1:" + port + "/actuator/health");
			JsonNode job = null;
			for (JsonNode candidate : prometheus.path("scrape_configs")) {
				if (service.equals(candidate.path("job_name").asString())) {
					job = candidate;
				}
			}
			assertThat(job).as("a scrape job for %s", service).isNotNull();
			assertThat(job.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
			assertThat(job.path("dns_sd_configs").get(0).path("names").get(0).asString()).isEqualTo(service);
			assertThat(job.path("dns_sd_configs").get(0).path("port").asString()).isEqualTo(port);
		}
		for (String tool : List.of("prometheus", "grafana")) {
			JsonNode definition = compose.path("services").path(tool);
			assertThat(definition.path("profiles").toString()).as(tool).isEqualTo("[\"observability\"]");
			definition.path("ports").forEach((published) -> assertThat(published.asString()).startsWith("127.0.0.1:"));
		}
		assertThat(ProjectDir.root().resolve("ops/grafana/dashboards/deferno-gateway.json")).isNotEmptyFile();
	}

	/**
	 * The nginx service's environment with the container's paths replaced by ones here: a
	 * certificate and the prefix's own log folder.
	 */
	private static Map<String, String> nginxEnvironmentHere() {
		Map<String, String> environment = new HashMap<>(nginxEnvironment);
		Path certificates = WORK.resolve("certs-" + System.nanoTime());
		TestCertificate.writeTo(certificates);
		environment.put("NGINX_CERT_DIR", certificates.toString());
		environment.put("NGINX_ACCESS_LOG", "logs/access.log");
		return environment;
	}

	/**
	 * The environment as compose gives it in {@code mode}: {@code NGINX_MODE}, and in tls
	 * mode the https {@code PUBLIC_URL} it needs (compose's default is local's http one).
	 */
	private static Map<String, String> forMode(String mode, Map<String, String> environment) {
		environment.put("NGINX_MODE", mode);
		if (mode.equals("tls")) {
			environment.put("PUBLIC_URL", "https://mcp.example.com");
		}
		return environment;
	}

	private static Path template(String mode) {
		return ProjectDir.root().resolve("nginx/templates/" + mode + "/default.conf.template");
	}

	private static Path render(String mode, Map<String, String> environment) {
		return NginxProcess.render(mode, environment, WORK);
	}

	private static boolean supportsResolve(List<Integer> version) {
		for (int i = 0; i < RESOLVE_SINCE.size(); i++) {
			int compared = Integer.compare(version.get(i), RESOLVE_SINCE.get(i));
			if (compared != 0) {
				return compared > 0;
			}
		}
		return true;
	}

	/**
	 * A compose value as compose sees it when the variable is not set:
	 * {@code ${X:-default}} becomes the default.
	 */
	private static String withComposeDefaults(String value) {
		Matcher matcher = COMPOSE_DEFAULT.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String fallback = (matcher.group(2) != null) ? matcher.group(2) : "";
			matcher.appendReplacement(result, Matcher.quoteReplacement(fallback));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
