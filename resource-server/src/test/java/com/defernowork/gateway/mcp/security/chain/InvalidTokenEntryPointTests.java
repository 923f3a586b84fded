package com.defernowork.gateway.mcp.security.chain;

import java.util.Map;

import com.defernowork.gateway.mcp.security.BearerChallenges;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidTokenEntryPointTests {

	private final InvalidTokenEntryPoint entryPoint = new InvalidTokenEntryPoint(
			new BearerChallenges(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("mcp.security",
					McpSecurityProperties.class)));

	/**
	 * The JWT decoder words a failure without a message of its own (a bare
	 * NullPointerException) as "...: null": no description a client could act on.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "An error occurred while attempting to decode the Jwt: null",
			"An error occurred while attempting to decode the Jwt: ", "null" })
	void commenceWhenFailureHasNoWordsThenGenericDescription(String message) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.entryPoint.commence(new MockHttpServletRequest(), response, new InvalidBearerTokenException(message));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate"))
			.contains("error_description=\"The access token is not valid\"");
		assertThat(response.getContentAsString()).doesNotContain("null");
	}

}
