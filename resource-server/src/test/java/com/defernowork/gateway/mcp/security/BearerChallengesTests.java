package com.defernowork.gateway.mcp.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerChallengesTests {

	private final BearerChallenges challenges = new BearerChallenges(McpSecurityPropertiesTests.bind(Map.of()));

	@Test
	void invalidTokenWhenDescriptionIsAsciiThenInTheChallengeAsItIs() {
		assertThat(this.challenges.invalidToken("The access token expired at 2026-12-06T10:00:00Z; refresh it"))
			.startsWith("Bearer error=\"invalid_token\", "
					+ "error_description=\"The access token expired at 2026-12-06T10:00:00Z; refresh it\", "
					+ "resource_metadata=\"http://localhost:8001/.well-known/oauth-protected-resource/mcp\", scope=\"");
	}

	@Test
	void insufficientScopeWhenDescriptionHasQuotesBackslashesOrNonAsciiThenReplaced() {
		// RFC 6750 §3: error_description is printable ASCII without " and \
		assertThat(this.challenges.insufficientScope(List.of("tasks:read"), "a \"quoted\" \\ café —\n"))
			.isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"a ?quoted? ? caf? ??\", "
					+ "scope=\"tasks:read\", "
					+ "resource_metadata=\"http://localhost:8001/.well-known/oauth-protected-resource/mcp\"");
	}

}
