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
 * The resource server reads to its end a body it refuses as too large, up to whatever
 * nginx lets through at {@code /mcp}: a connection closed while nginx still sends turns
 * the 413 into nginx's 503 "a change may have been made, try again", which no retry
 * mends.
 */
class NginxBodyLimitsTests {

	private static final Pattern CLIENT_MAX_BODY_SIZE = Pattern.compile("(?m)^client_max_body_size (\\d+)([km]?);");

	/** As the application writes it: whole kilo- or megabytes. */
	private static final Pattern SPRING_SIZE = Pattern.compile("(\\d+)(KB|MB)");

	@Test
	void resourceServerWhenItRefusesABodyNginxPassedThenItReadsItToTheEnd() throws IOException {
		Path root = ProjectDir.root();
		Matcher nginx = CLIENT_MAX_BODY_SIZE.matcher(Files.readString(root.resolve("nginx/deferno/mcp-proxy.conf")));
		assertThat(nginx.find()).as("client_max_body_size in nginx/deferno/mcp-proxy.conf").isTrue();
		long passed = Long.parseLong(nginx.group(1)) * unit(nginx.group(2));

		Map<String, Object> yaml = new Yaml()
			.load(Files.readString(root.resolve("resource-server/src/main/resources/application.yml")));
		Object swallowed = ((Map<?, ?>) ((Map<?, ?>) yaml.get("server")).get("tomcat")).get("max-swallow-size");

		Matcher size = SPRING_SIZE.matcher(String.valueOf(swallowed));
		assertThat(size.matches()).as("server.tomcat.max-swallow-size " + swallowed).isTrue();
		assertThat(Long.parseLong(size.group(1)) * unit(size.group(2).substring(0, 1).toLowerCase()))
			.as("resource server's server.tomcat.max-swallow-size against nginx's client_max_body_size for /mcp")
			.isGreaterThanOrEqualTo(passed);
	}

	private static long unit(String prefix) {
		return switch (prefix) {
			case "k" -> 1024L;
			case "m" -> 1024L * 1024;
			default -> 1L;
		};
	}

}
