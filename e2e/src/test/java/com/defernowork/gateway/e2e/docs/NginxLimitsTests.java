package com.defernowork.gateway.e2e.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.e2e.support.ProjectDir;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What nginx lets through, the applications behind it take: a request nginx passed and
 * Tomcat refused reads to the client as a broken server, or as nginx's own limits lying.
 */
class NginxLimitsTests {

	private static final Pattern CLIENT_MAX_BODY_SIZE = Pattern.compile("(?m)^client_max_body_size (\\d+)([km]?);");

	private static final Pattern LARGE_CLIENT_HEADER_BUFFERS = Pattern
		.compile("(?m)^large_client_header_buffers (\\d+) (\\d+)([km]?);");

	/** As the application writes it: whole kilo- or megabytes. */
	private static final Pattern SPRING_SIZE = Pattern.compile("(\\d+)(KB|MB)");

	/**
	 * Room for the headers nginx adds to what it was sent (forwarding, trace, request
	 * id).
	 */
	private static final long ADDED_HEADERS = 2 * 1024;

	/**
	 * The resource server reads to its end a body it refuses as too large, up to whatever
	 * nginx lets through at {@code /mcp}: a connection closed while nginx still sends
	 * turns the 413 into nginx's 503 "a change may have been made, try again", which no
	 * retry mends.
	 */
	@Test
	void resourceServerWhenItRefusesABodyNginxPassedThenItReadsItToTheEnd() throws IOException {
		Matcher nginx = CLIENT_MAX_BODY_SIZE.matcher(read("nginx/deferno/mcp-proxy.conf"));
		assertThat(nginx.find()).as("client_max_body_size in nginx/deferno/mcp-proxy.conf").isTrue();
		long passed = Long.parseLong(nginx.group(1)) * unit(nginx.group(2));

		assertThat(springSize("resource-server", "tomcat", "max-swallow-size"))
			.as("resource server's server.tomcat.max-swallow-size against nginx's client_max_body_size for /mcp")
			.isGreaterThanOrEqualTo(passed);
	}

	/**
	 * Both applications take the headers nginx takes (its error pages promise that much)
	 * and the ones it adds: Tomcat's default of 8 KB for all of them refused what nginx
	 * had let through.
	 */
	@Test
	void applicationsWhenNginxPassedTheHeadersThenTheyTakeThem() throws IOException {
		Matcher nginx = LARGE_CLIENT_HEADER_BUFFERS.matcher(read("nginx/deferno/http.conf"));
		assertThat(nginx.find()).as("large_client_header_buffers in nginx/deferno/http.conf").isTrue();
		long passed = Long.parseLong(nginx.group(1)) * Long.parseLong(nginx.group(2)) * unit(nginx.group(3));

		for (String application : new String[] { "auth-server", "resource-server" }) {
			assertThat(springSize(application, null, "max-http-request-header-size"))
				.as(application + "'s server.max-http-request-header-size against nginx's large_client_header_buffers")
				.isGreaterThanOrEqualTo(passed + ADDED_HEADERS);
		}
	}

	private static long springSize(String application, String group, String name) throws IOException {
		Map<?, ?> server = (Map<?, ?>) new Yaml()
			.<Map<String, Object>>load(read(application + "/src/main/resources/application.yml"))
			.get("server");
		Object value = ((group != null) ? (Map<?, ?>) server.get(group) : server).get(name);
		Matcher size = SPRING_SIZE.matcher(String.valueOf(value));
		assertThat(size.matches())
			.as(application + " server." + ((group != null) ? group + "." : "") + name + " " + value)
			.isTrue();
		return Long.parseLong(size.group(1)) * unit(size.group(2).substring(0, 1).toLowerCase());
	}

	private static String read(String path) throws IOException {
		Path root = ProjectDir.root();
		return Files.readString(root.resolve(path));
	}

	private static long unit(String prefix) {
		return switch (prefix) {
			case "k" -> 1024L;
			case "m" -> 1024L * 1024;
			default -> 1L;
		};
	}

}
