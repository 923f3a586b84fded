package com.defernowork.gateway.auth.config;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

class RedirectUrisTests {

	private static RegisteredClient client(String... redirectUris) {
		RegisteredClient.Builder builder = RegisteredClient.withId("id")
			.clientId("client")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE);
		for (String uri : redirectUris) {
			builder.redirectUri(uri);
		}
		return builder.build();
	}

	@Test
	void matchesWhenLoopbackOnAnyPortThenTrue() {
		RegisteredClient client = client("http://127.0.0.1:6276/cb", "http://localhost/cb", "http://[::1]:1/cb");
		assertThat(RedirectUris.matches(client, "http://127.0.0.1:50000/cb")).isTrue();
		assertThat(RedirectUris.matches(client, "http://localhost:8080/cb")).isTrue();
		assertThat(RedirectUris.matches(client, "http://[::1]:9/cb")).isTrue();
	}

	@Test
	void matchesWhenPathQueryHostOrSchemeDiffersThenFalse() {
		RegisteredClient client = client("http://127.0.0.1:6276/cb", "https://app.example/cb");
		assertThat(RedirectUris.matches(client, "http://127.0.0.1:6276/other")).isFalse();
		assertThat(RedirectUris.matches(client, "http://127.0.0.1:6276/cb?x=1")).isFalse();
		assertThat(RedirectUris.matches(client, "http://localhost:6276/cb")).isFalse();
		assertThat(RedirectUris.matches(client, "https://127.0.0.1:6276/cb")).isFalse();
		assertThat(RedirectUris.matches(client, "https://app.example:8443/cb")).isFalse();
		assertThat(RedirectUris.matches(client, "https://app.example/cb#x")).isFalse();
		assertThat(RedirectUris.matches(client, "https://app.example/cb")).isTrue();
	}

	@Test
	void matchesWhenNoRedirectRequestedThenOnlyForSingleRegistration() {
		assertThat(RedirectUris.matches(client("https://app.example/cb"), null)).isTrue();
		assertThat(RedirectUris.matches(client("https://app.example/cb", "https://app.example/b"), null)).isFalse();
	}

	@Test
	void consentKeyWhenLoopbackThenPortless() {
		assertThat(RedirectUris.consentKey("http://127.0.0.1:6276/cb")).isEqualTo("http://127.0.0.1/cb");
		assertThat(RedirectUris.consentKey("https://app.example:8443/cb")).isEqualTo("https://app.example:8443/cb");
		assertThat(RedirectUris.displayHost("http://localhost:1/cb")).isNull();
		assertThat(RedirectUris.displayHost("https://app.example/cb")).isEqualTo("app.example");
	}

	@Test
	void displayHostWhenPrivateUseSchemeThenSchemeAndHost() {
		assertThat(RedirectUris.displayHost("cursor://anysphere.cursor-mcp/oauth/callback"))
			.isEqualTo("cursor://anysphere.cursor-mcp");
		assertThat(RedirectUris.displayHost("com.example.app:/oauth2redirect")).isEqualTo("com.example.app:");
		assertThat(RedirectUris.displayHost("https://claude.ai/api/mcp/auth_callback")).isEqualTo("claude.ai");
		assertThat(RedirectUris.displayHost("http://127.0.0.1:6276/oauth/callback")).isNull();
	}

	@Test
	void matchesWhenLoopbackPortImpossibleThenNot() {
		RegisteredClient client = client("http://127.0.0.1/cb");
		assertThat(RedirectUris.matches(client, "http://127.0.0.1:5555/cb")).isTrue();
		assertThat(RedirectUris.matches(client, "http://127.0.0.1:99999/cb")).isFalse();
		assertThat(RedirectUris.matches(client, "http://127.0.0.1:0/cb")).isFalse();
	}

	@Test
	void matchesWhenLoopbackPathIsEmptyOnOneSideAndSlashOnTheOtherThenTheSame() {
		// RFC 3986 §6.2.3: for http an empty path and "/" are equivalent
		assertThat(RedirectUris.matches(client("http://127.0.0.1"), "http://127.0.0.1:5000/")).isTrue();
		assertThat(RedirectUris.matches(client("http://127.0.0.1/"), "http://127.0.0.1:5000")).isTrue();
		assertThat(RedirectUris.matches(client("http://[::1]"), "http://[::1]:5000/?x=1")).isFalse();
		// only that equivalence: other paths still differ, and a trailing slash still
		// counts
		assertThat(RedirectUris.matches(client("http://127.0.0.1"), "http://127.0.0.1:5000/cb")).isFalse();
		assertThat(RedirectUris.matches(client("http://127.0.0.1/cb"), "http://127.0.0.1:5000/cb/")).isFalse();
	}

	@Test
	void responseWhenRegisteredUriHasAQueryThenParametersAppendedToItAsRegistered() {
		assertThat(RedirectUris.response("http://127.0.0.1:5555/cb", "a+b/c=", "https://as.example", "code", "x"))
			.isEqualTo("http://127.0.0.1:5555/cb?code=x&state=a%2Bb%2Fc%3D&iss=https%3A%2F%2Fas.example");
		assertThat(RedirectUris.response("https://app.example/cb?tenant=a%20b", null, "i", "error", "access_denied"))
			.isEqualTo("https://app.example/cb?tenant=a%20b&error=access_denied&iss=i");
		assertThat(RedirectUris.response("https://app.example/cb?", "", "i", "code", "x"))
			.isEqualTo("https://app.example/cb?code=x&iss=i");
	}

	@Test
	void isWebRedirectOnlyForHttpsToADomainName() {
		assertThat(RedirectUris.isWebRedirect("https://app.example/cb")).isTrue();
		// this computer or the local network, whoever listens there
		for (String uri : java.util.List.of("http://app.example/cb", "https://127.0.0.2/cb", "https://10.0.0.7/cb",
				"https://[::ffff:127.0.0.1]/cb", "https://localhost/cb", "https://dev.localhost/cb",
				"cursor://anysphere.cursor-mcp/cb", "http://127.0.0.1:6276/cb")) {
			assertThat(RedirectUris.isWebRedirect(uri)).as(uri).isFalse();
		}
	}

}
