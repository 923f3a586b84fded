package com.defernowork.gateway.mcp.security.scope;

import java.nio.charset.StandardCharsets;

import com.defernowork.gateway.mcp.security.support.StandInToolScopes;
import com.defernowork.gateway.model.scope.Scopes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredScopesTests {

	private final RequiredScopes requiredScopes = new RequiredScopes(new StandInToolScopes());

	private java.util.Set<Scopes> of(String body) {
		return this.requiredScopes.of(body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void ofWhenToolsCallThenToolScope() {
		assertThat(of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_item\"}}"))
			.containsExactly(Scopes.TASKS_WRITE);
	}

	@Test
	void ofWhenBatchThenEveryMessagesScope() {
		assertThat(of("[{\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}},"
				+ "{\"method\":\"resources/read\",\"params\":{\"uri\":\"deferno://plan/today\"}},"
				+ "{\"method\":\"notifications/initialized\"}]"))
			.containsExactlyInAnyOrder(Scopes.PROFILE_READ, Scopes.PLAN_READ);
	}

	@Test
	void ofWhenUnknownToolOrOtherMethodThenNothing() {
		assertThat(of("{\"method\":\"tools/call\",\"params\":{\"name\":\"no_such_tool\"}}")).isEmpty();
		assertThat(of("{\"method\":\"tools/list\"}")).isEmpty();
		assertThat(of("{\"method\":\"tools/call\",\"params\":{\"name\":42}}")).isEmpty();
	}

	@Test
	void toolsWhenReportingARefusalThenEachCatalogToolOnce() {
		assertThat(
				this.requiredScopes.tools(bytes("{\"method\":\"tools/call\",\"params\":{\"name\":\"create_item\"}}")))
			.containsExactly("create_item");
		// made-up names and copies would let one request mint a metric and an audit line
		// per name
		assertThat(this.requiredScopes.tools(bytes("{\"method\":\"tools/call\",\"params\":{\"name\":\"x1\"}}")))
			.isEmpty();
		assertThat(this.requiredScopes.tools(bytes("[{\"method\":\"tools/call\",\"params\":{\"name\":\"create_item\"}},"
				+ "{\"method\":\"tools/call\",\"params\":{\"name\":\"x2\"}},"
				+ "{\"method\":\"tools/call\",\"params\":{\"name\":\"create_item\"}},"
				+ "{\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}, 7]")))
			.containsExactly("create_item", "whoami");
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void ofWhenNotJsonThenNothing() {
		assertThat(of("{not json")).isEmpty();
		assertThat(of("")).isEmpty();
		assertThat(of("[1, \"x\", null]")).isEmpty();
		// refused by the MCP server as a parse error, not worth a step-up
		assertThat(of("{\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"name\":\"delete_item\"}}"))
			.isEmpty();
	}

}
