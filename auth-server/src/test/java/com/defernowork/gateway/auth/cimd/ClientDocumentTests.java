package com.defernowork.gateway.auth.cimd;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientDocumentTests {

	private static final ClientIdUrl URL = ClientIdUrl.parse("https://claude.ai/oauth/claude-code-client-metadata");

	@Test
	void parseWhenClaudeCodeDocumentThenPublicClientWithItsLoopbackRedirects() {
		ClientDocument document = ClientDocument.parse(URL, """
				{"client_id": "https://claude.ai/oauth/claude-code-client-metadata",
				 "client_name": "Claude Code",
				 "client_uri": "https://claude.ai",
				 "redirect_uris": ["http://localhost/callback", "http://127.0.0.1/callback"],
				 "grant_types": ["authorization_code", "refresh_token"],
				 "response_types": ["code"],
				 "token_endpoint_auth_method": "none"}
				""");

		assertThat(document.clientName()).isEqualTo("Claude Code");
		assertThat(document.metadata().redirectUris()).containsExactly("http://localhost/callback",
				"http://127.0.0.1/callback");
		assertThat(document.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
		assertThat(document.metadata().optional()).containsEntry("client_uri", "https://claude.ai");
	}

	@Test
	void parseWhenNameNeedsAJoinerThenItsNameWithIt() {
		ClientDocument document = ClientDocument.parse(URL, """
				{"client_id": "https://claude.ai/oauth/claude-code-client-metadata",
				 "client_name": "\\u0628\\u0631\\u0646\\u0627\\u0645\\u0647\\u200c\\u0631\\u06cc\\u0632",
				 "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"]}
				""");

		assertThat(document.clientName()).isEqualTo("\u0628\u0631\u0646\u0627\u0645\u0647\u200c\u0631\u06cc\u0632");
	}

	@Test
	void parseWhenNoAuthMethodOrNameThenPublicAndNamedByItsHost() {
		ClientDocument document = ClientDocument.parse(URL, """
				{"client_id": "https://claude.ai/oauth/claude-code-client-metadata",
				 "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"]}
				""");

		assertThat(document.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
		assertThat(document.clientName()).isEqualTo("claude.ai");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			                                                          | has no client_id
			7                                                         | its client_id is not a string
			"https://claude.ai/oauth/claude-code-client-metadata/"    | is not the address it was fetched from
			"https://CLAUDE.ai/oauth/claude-code-client-metadata"     | is not the address it was fetched from
			"https://evil.example/oauth/claude-code-client-metadata"  | is not the address it was fetched from
			""")
	void parseWhenClientIdMissingOrNotItsAddressThenInvalid(String clientId, String why) {
		String member = (clientId != null) ? "\"client_id\": " + clientId + ", " : "";
		assertInvalid("{" + member + "\"redirect_uris\": [\"https://a.example/cb\"]}", why);
	}

	@Test
	void parseWhenDocumentCarriesItsOwnWordsThenTheMessageQuotesNoneOfThem() {
		// anyone can publish a document: the error page must not show its words as the
		// gateway's own (the log has them)
		String words = "Your Deferno session has expired. Call +1-555-0100 now";
		for (String member : new String[] { "\"client_id\": \"" + words + "\"",
				"\"client_id\": \"" + URL.value() + "\", \"token_endpoint_auth_method\": \"" + words + "\"",
				"\"client_id\": \"" + URL.value() + "\", \"redirect_uris\": [\"http://a.example/" + words + "\"]",
				"\"client_id\": \"" + URL.value() + "\", \"redirect_uris\": [\"https://a.example/cb\"], "
						+ "\"grant_types\": [\"" + words + "\"]" }) {
			assertThatExceptionOfType(ClientDocumentException.class)
				.isThrownBy(() -> ClientDocument.parse(URL, "{" + member + "}"))
				.satisfies((ex) -> assertThat(ex.getMessage()).as(member.substring(0, 40))
					.matches("[\\x20-\\x7E]{1,260}")
					.doesNotContain("session", "555-0100"));
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"client_secret": "s3cret"                               | contains a client_secret
			"client_secret_expires_at": 0                           | contains a client_secret
			"token_endpoint_auth_method": "client_secret_basic"     | needs a shared secret
			"token_endpoint_auth_method": "client_secret_post"      | needs a shared secret
			"token_endpoint_auth_method": "client_secret_jwt"       | needs a shared secret
			"token_endpoint_auth_method": "private_key_jwt"         | is not supported by this server
			"token_endpoint_auth_method": "tls_client_auth"         | is not supported by this server
			""")
	void parseWhenSecretsOrConfidentialMethodsThenInvalid(String member, String why) {
		assertInvalid("{\"client_id\": \"" + URL.value() + "\", \"redirect_uris\": [\"https://a.example/cb\"], "
				+ member + "}", why);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			[]                                | redirect_uris is required
			"https://a.example/cb"            | redirect_uris is required
			["javascript:alert(1)"]           | scheme 'javascript:' is not allowed
			["http://evil.example/cb"]        | must use https, or http on a loopback address
			["https://a.example/cb#x"]        | must not contain a fragment
			["https://a.example/cb\\u202e"]   | formatting or invisible characters
			""")
	void parseWhenRedirectUrisBreakRegistrationRulesThenInvalidSayingWhy(String redirectUris, String why) {
		assertInvalid("{\"client_id\": \"" + URL.value() + "\", \"redirect_uris\": " + redirectUris + "}", why);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"client_name": "Claude\\u202eedoC"          | client_name must not contain control, formatting or invisible
			"client_name": "Claude\\u0007"              | client_name must not contain control, formatting or invisible
			"client_name": "Claude\\ud800Code"          | client_name must not contain control, formatting or invisible
			"client_name": "Claude\\udc00"              | client_name must not contain control, formatting or invisible
			"client_name": "Clau\\u200dde"              | client_name must not contain control, formatting or invisible
			"logo_uri": "javascript:x"                  | logo_uri must be an absolute http or https URI
			"grant_types": ["client_credentials"]       | a grant_type is not supported
			""")
	void parseWhenMetadataBreaksRegistrationRulesThenInvalidSayingWhy(String member, String why) {
		assertInvalid("{\"client_id\": \"" + URL.value() + "\", \"redirect_uris\": [\"https://a.example/cb\"], "
				+ member + "}", why);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			[]                                                     | is not a JSON object
			null                                                   | is not a JSON object
			not json                                               | is not a JSON object
			{"client_id": "x", "client_id": "y"}                   | has a member twice
			{"client_id": "x"} {}                                  | is not a JSON object
			""")
	void parseWhenNotOneJsonObjectThenInvalid(String json, String why) {
		assertInvalid(json, why);
	}

	@Test
	void parseWhenBeyondTheParsersLimitsThenInvalidSayingSoNotThatItIsNoObject() {
		String members = "\"client_id\": \"" + URL.value() + "\", \"redirect_uris\": [\"https://a.example/cb\"], ";
		assertInvalid("{" + members + "\"n\": " + "9".repeat(1500) + "}", "nested too deeply, or holds a number");
		assertInvalid("{" + members + "\"a\": " + "[".repeat(1500) + "]".repeat(1500) + "}", "nested too deeply");
	}

	@Test
	void parseWhenNotUtf8ThenInvalid() {
		byte[] latin1 = ("{\"client_id\": \"" + URL.value() + "\", \"client_name\": \"caf\u00e9\"}")
			.getBytes(StandardCharsets.ISO_8859_1);

		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(() -> ClientDocument.parse(URL, latin1))
			.withMessageContaining("not UTF-8");
	}

	private static void assertInvalid(String json, String why) {
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(() -> ClientDocument.parse(URL, json))
			.withMessageStartingWith("The client's metadata document is not valid: ")
			.withMessageContaining(why)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ClientDocumentException.Reason.INVALID_DOCUMENT));
	}

}
