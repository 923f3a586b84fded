package com.defernowork.gateway.auth.cimd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientIdUrlTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://claude.ai/oauth/claude-code-client-metadata",
			"https://vscode.dev/oauth/client-metadata.json", "https://app.example.com:8443/client.json",
			"https://app.example.com/client?version=2", "https://93.184.215.14/client.json",
			"https://[2001:4860:4860::8888]/client.json", "https://[2001:4860:4860::8888]:8443/client.json",
			"https://[::ffff:93.184.215.14]/client.json", "https://localhost/client.json" })
	void parseWhenHttpsWithPathThenAcceptedAsIs(String value) {
		ClientIdUrl url = ClientIdUrl.parse(value);

		assertThat(url.value()).isEqualTo(value);
		assertThat(url.uri().toString()).isEqualTo(value);
	}

	@Test
	void hostWhenParsedThenTheNameAPersonSees() {
		assertThat(ClientIdUrl.parse("https://claude.ai/oauth/claude-code-client-metadata").host())
			.isEqualTo("claude.ai");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://app.example.com/client.json          | must start with https://
			HTTPS://app.example.com/client.json         | must start with https://
			https://app.example.com                     | must have a path
			https://app.example.com/                    | must have a path
			https://app.example.com/client.json#frag    | must not contain a fragment
			https://user:pw@app.example.com/client.json | must not contain a user name or password
			https://app.example.com/a/../client.json    | . or .. segments
			https://app.example.com/a/./client.json     | . or .. segments
			https://app.example.com/%2e%2E/client.json  | . or .. segments
			https://app.example.com/a/%2E/client.json   | . or .. segments
			https://app.example.com/..                  | . or .. segments
			https://127.1/client.json                   | not a valid DNS name or IP address
			https://0x7f000001/client.json              | is a number but not a dotted-quad IPv4 address
			https://2130706433/client.json              | is a number but not a dotted-quad IPv4 address
			https://017700000001/client.json            | is a number but not a dotted-quad IPv4 address
			https://10.0.0.010/client.json              | is a number but not a dotted-quad IPv4 address
			https://app.example.com./client.json        | must not end with a dot
			https://under_score.example/client.json     | not a valid DNS name or IP address
			https://exämple.com/client.json             | ASCII form of international names
			https://app.example.com/a b                 | not a valid URL
			https://app.example.com:99999/client.json   | port must be between 1 and 65535
			https://app.example.com:0/client.json       | port must be between 1 and 65535
			https://app.example.com/clïent.json         | must be ASCII
			https://[fe80::1%25lo]/c                    | must not carry an IPv6 zone
			https://[fe80::1%lo]/c                      | must not carry an IPv6 zone
			https://[fe80::1%eth0]/c                    | must not carry an IPv6 zone
			https://[2001:4860:4860::8888%251]/c        | must not carry an IPv6 zone
			https://[2001:4860:4860::8888%25]/c         | must not carry an IPv6 zone
			https://[v1.fe80]/c                         | not a valid URL
			https://[203.0.113.7]/c                     | not a valid URL
			https://[app.example.com]/c                 | not a valid URL
			https://[]/c                                | not a valid URL
			""")
	void parseWhenBreakingARuleThenInvalidClientIdSayingWhich(String value, String why) {
		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(() -> ClientIdUrl.parse(value))
			.withMessageStartingWith("The client_id is not a valid metadata document URL: ")
			.withMessageContaining(why)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ClientDocumentException.Reason.INVALID_CLIENT_ID));
	}

	@Test
	void parseWhenLongerThanTheLimitThenInvalid() {
		String value = "https://app.example.com/" + "a".repeat(ClientIdUrl.MAX_LENGTH);

		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(() -> ClientIdUrl.parse(value))
			.withMessageContaining("longer than 512 characters");
	}

	@Test
	void isUrlWhenHttpOrHttpsThenTrueButNotForIdsThisServerIssues() {
		assertThat(ClientIdUrl.isUrl("https://claude.ai/oauth/claude-code-client-metadata")).isTrue();
		assertThat(ClientIdUrl.isUrl("HTTPS://claude.ai/x")).isTrue();
		assertThat(ClientIdUrl.isUrl("http://claude.ai/x")).isTrue();
		assertThat(ClientIdUrl.isUrl("Q2xpZW50SWQ4NzY1NDMyMTA5ODc2NTQz")).isFalse();
		assertThat(ClientIdUrl.isUrl("mcp-resource-server")).isFalse();
		assertThat(ClientIdUrl.isUrl(null)).isFalse();
	}

}
