package com.defernowork.gateway.auth.cimd;

import com.defernowork.gateway.auth.config.RedirectUris;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** A document's redirect URIs as the authorization endpoint matches them. */
class DocumentRedirectsTests {

	private static final ClientIdUrl CLAUDE_CODE = ClientIdUrl
		.parse("https://claude.ai/oauth/claude-code-client-metadata");

	private final RegisteredClient claudeCode = ClientDocument.parse(CLAUDE_CODE, """
			{"client_id": "https://claude.ai/oauth/claude-code-client-metadata", "client_name": "Claude Code",
			 "redirect_uris": ["http://localhost/callback", "http://127.0.0.1/callback", "http://[::1]:3000/cb"]}
			""").toRegisteredClient(TokenSettings.builder().build());

	private final RegisteredClient claudeAi = ClientDocument.parse(ClientIdUrl.parse("https://claude.ai/oauth/mcp"), """
			{"client_id": "https://claude.ai/oauth/mcp", "client_name": "Claude",
			 "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"]}
			""").toRegisteredClient(TokenSettings.builder().build());

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost/callback", "http://localhost:53124/callback",
			"http://127.0.0.1:61234/callback", "http://127.0.0.1:80/callback", "http://[::1]:3000/cb",
			"http://[::1]:49152/cb" })
	void matchesWhenDeclaredLoopbackRedirectOnAnyPortThenTrue(String requested) {
		assertThat(RedirectUris.matches(this.claudeCode, requested)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:53124/callback/", "http://localhost:53124/other",
			"http://localhost:53124/callback?x=1", "https://localhost:53124/callback", "http://127.0.0.2:5000/callback",
			"http://localhost.evil.example:5000/callback", "http://[::1]:3000/callback", "http://evil.example/callback",
			"http://127.0.0.1:5000/callback#x" })
	void matchesWhenPathSchemeOrHostDiffersThenFalse(String requested) {
		assertThat(RedirectUris.matches(this.claudeCode, requested)).isFalse();
	}

	@Test
	void matchesWhenWebRedirectThenOnlyExactly() {
		assertThat(RedirectUris.matches(this.claudeAi, "https://claude.ai/api/mcp/auth_callback")).isTrue();
		assertThat(RedirectUris.matches(this.claudeAi, "https://claude.ai:8443/api/mcp/auth_callback")).isFalse();
		assertThat(RedirectUris.matches(this.claudeAi, "https://claude.ai/api/mcp/auth_callback/x")).isFalse();
		assertThat(RedirectUris.matches(this.claudeAi, "https://CLAUDE.ai/api/mcp/auth_callback")).isFalse();
	}

	@Test
	void toRegisteredClientWhenDocumentThenPublicClientNamedByTheDocumentWithTheUrlAsId() {
		assertThat(this.claudeCode.getId()).isEqualTo(CLAUDE_CODE.value());
		assertThat(this.claudeCode.getClientId()).isEqualTo(CLAUDE_CODE.value());
		assertThat(this.claudeCode.getClientName()).isEqualTo("Claude Code");
		assertThat(this.claudeCode.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
		assertThat(this.claudeCode.getClientSecret()).isNull();
		assertThat(this.claudeCode.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(this.claudeCode.getClientSettings().isRequireAuthorizationConsent()).isTrue();
	}

}
