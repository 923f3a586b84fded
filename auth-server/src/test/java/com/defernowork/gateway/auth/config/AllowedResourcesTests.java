package com.defernowork.gateway.auth.config;

import java.util.List;

import com.defernowork.gateway.auth.config.AuthProperties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedResourcesTests {

	private final AllowedResources resources = new AllowedResources(new AuthProperties("http://localhost:9000",
			List.of("http://localhost:8001/mcp", "https://mcp.example.com/mcp"), null, null, null));

	@Test
	void resolveWhenTrailingSlashOrCaseDiffersThenConfiguredValue() {
		assertThat(this.resources.resolve("http://localhost:8001/mcp/")).hasValue("http://localhost:8001/mcp");
		assertThat(this.resources.resolve("HTTP://LocalHost:8001/mcp")).hasValue("http://localhost:8001/mcp");
		assertThat(this.resources.resolve("https://MCP.example.com:443/mcp/")).hasValue("https://mcp.example.com/mcp");
	}

	@Test
	void resolveWhenAbsentThenFirstConfigured() {
		assertThat(this.resources.resolve(null)).hasValue("http://localhost:8001/mcp");
		assertThat(this.resources.resolve("")).hasValue("http://localhost:8001/mcp");
	}

	@Test
	void resolveWhenUnknownOrPathCaseDiffersThenEmpty() {
		assertThat(this.resources.resolve("http://localhost:8001/MCP")).isEmpty();
		assertThat(this.resources.resolve("http://localhost:8002/mcp")).isEmpty();
		assertThat(this.resources.resolve("https://localhost:8001/mcp")).isEmpty();
		assertThat(this.resources.resolve("http://localhost:8001/mcp#x")).isEmpty();
		assertThat(this.resources.resolve("not a uri")).isEmpty();
	}

	@Test
	void resolveWhenWhiteSpaceOrControlCharactersAroundThenEmptyNotTrimmed() {
		assertThat(this.resources.resolve(" ")).isEmpty();
		for (String around : new String[] { " ", "\u0000", "\u0001", "\n", "\t" }) {
			assertThat(this.resources.resolve("http://localhost:8001/mcp" + around)).as("after").isEmpty();
			assertThat(this.resources.resolve(around + "http://localhost:8001/mcp")).as("before").isEmpty();
		}
	}

	@Test
	void singleWhenSeveralValuesThenEmpty() {
		assertThat(AllowedResources.single(new String[] { "a", "b" })).isEmpty();
		assertThat(AllowedResources.single(new String[] { "a" })).hasValue("a");
		assertThat(AllowedResources.single(null)).hasValue("");
	}

}
