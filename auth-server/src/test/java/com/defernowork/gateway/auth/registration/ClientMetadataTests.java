package com.defernowork.gateway.auth.registration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientMetadataTests {

	@Test
	void parseWhenScopeUnknownOrNarrowThenAcceptedButNotAStringThenInvalidClientMetadata() {
		assertThat(ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "scope", "mcp:tools")))
			.isNotNull();
		assertThat(ClientMetadata
			.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "scope", " plan:read  mcp:tools ")))
			.isNotNull();
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata
				.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "scope", List.of("tasks:read"))))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata"));
	}

	@Test
	void parseWhenJwksAndJwksUriBothOrJwksNotAKeySetThenInvalidClientMetadata() {
		Map<String, String> refusals = Map.of("jwks_uri and jwks must not both be present (RFC 7591 section 2)",
				"{\"jwks_uri\":\"https://a.example/jwks\",\"jwks\":{\"keys\":[]}}",
				"jwks must be a JSON Web Key Set: an object with a keys array", "{\"jwks\":\"x\"}",
				"jwks_uri must be a string", "{\"jwks_uri\":5}");
		refusals.forEach((message, members) -> {
			Map<String, Object> json = new LinkedHashMap<>(JsonMapper.shared().readValue(members, Map.class));
			json.put("redirect_uris", List.of("https://a.example/cb"));
			assertThatExceptionOfType(InvalidRegistrationException.class).isThrownBy(() -> ClientMetadata.parse(json))
				.withMessage(message)
				.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata"));
		});
		assertThat(ClientMetadata
			.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "jwks", Map.of("keys", List.of()))))
			.isNotNull();
	}

	@Test
	void parseWhenGrantTypesUnsupportedThenLeftOutBesideTheCodeGrantAndRefusedWithoutIt() {
		String deviceCode = "urn:ietf:params:oauth:grant-type:device_code";
		ClientMetadata metadata = ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"),
				"token_endpoint_auth_method", "none", "grant_types", List.of("authorization_code", deviceCode)));
		assertThat(metadata.toClient("id", "client", "name", Map.of()).build().getAuthorizationGrantTypes())
			.extracting(AuthorizationGrantType::getValue)
			.containsExactlyInAnyOrder("authorization_code", "refresh_token");
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"),
					"grant_types", List.of("refresh_token", deviceCode))))
			.withMessage("grant_type '" + deviceCode + "' is not supported; use authorization_code and refresh_token");
	}

	@Test
	void parseWhenResponseTypesOrGrantTypesEmptyThenInvalidClientMetadataAsWithoutTheCodeFlow() {
		Map<String, String> refusals = Map.of("response_types",
				"response_types must list code alone, the one response type this server issues", "grant_types",
				"grant_types must include authorization_code");
		refusals.forEach((member, message) -> assertThatExceptionOfType(InvalidRegistrationException.class).isThrownBy(
				() -> ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), member, List.of())))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata")));
	}

	/**
	 * Marks stacked on one letter are drawn over the lines around the name (the consent
	 * page's warnings); a written language needs a few.
	 */
	@Test
	void parseWhenNameStacksCombiningMarksThenRefusedButAFewAreAName() {
		String stacked = "Claude a" + "\u0316\u0317\u0318\u0319\u031c".repeat(16);
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata
				.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", stacked)))
			.withMessage("client_name stacks more than 4 combining marks on one character")
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata"));
		for (String name : List.of("Tiê\u0301ng Vie\u0323\u0302t", "Cafe\u0301 app",
				"\u0915\u093f\u0924\u093e\u092c")) {
			assertThat(
					ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name))
						.clientName())
				.isEqualTo(name);
		}
	}

	@Test
	void parseWhenAWordOfTheNameMixesScriptsThenAcceptedForTheConsentPageToWarnOf() {
		// real names do (μTorrent): the consent page warns, registration does not refuse
		for (String name : List.of("\u0421l\u0430ud\u0435", "\u03bcTorrent")) {
			assertThat(
					ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name))
						.clientName())
				.isEqualTo(name);
		}
	}

	@Test
	void parseWhenTheNameEndsInUnicodeWhiteSpaceThenItIsStripped() {
		assertThat(ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name",
				"\u00a0Claude \u3000\u3000\u2003\u00a0\u202f"))
			.clientName()).isEqualTo("Claude");
		// spaces alone, of whatever kind, are no name, as an empty one is
		assertThat(ClientMetadata
			.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", "\u00a0\u3000 "))
			.clientName()).isNull();
	}

	@Test
	void parseWhenRedirectUriRefusedThenTheDescriptionQuotesItAndItsUnquotedFormDoesNot() {
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb#x"))))
			.withMessage("'https://a.example/cb#x' must not contain a fragment")
			.satisfies((ex) -> assertThat(ex.withoutQuotes()).isEqualTo("a redirect URI must not contain a fragment"));
	}

	@Test
	void parseWhenNameOrRedirectHasControlOrBidiCharactersThenRefusedSayingWhy() {
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata
				.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", "Claude \u202eedoC")))
			.withMessage(
					"client_name must not contain control, formatting or invisible characters (such as U+202E) or a lone UTF-16 surrogate")
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata"));
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/c\u200bb"))))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_redirect_uri"));
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata
				.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", "line\nbreak")))
			.withMessageContaining("client_name");
		assertThat(ClientMetadata
			.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", "Claude Code (my-server) ü"))
			.clientName()).isEqualTo("Claude Code (my-server) ü");
	}

	@Test
	void parseWhenAMemberHasASurrogateWithoutItsPairThenRefused() {
		// JSON can escape one; it is no character, and the consent page showed "a?b"
		for (String name : List.of("a\ud800b", "a\udc00", "\udbffClaude", "Claude\ud83d")) {
			assertThatExceptionOfType(InvalidRegistrationException.class).as(name)
				.isThrownBy(() -> ClientMetadata
					.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name)))
				.withMessage(
						"client_name must not contain control, formatting or invisible characters (such as U+202E) or a lone UTF-16 surrogate");
		}
		assertThatExceptionOfType(InvalidRegistrationException.class).isThrownBy(() -> ClientMetadata.parse(
				Map.of("redirect_uris", List.of("https://a.example/cb"), "contacts", List.of("ops\ud800@app.example"))))
			.withMessageContaining("contacts");
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/c\udc00b"))))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_redirect_uri"));
		// a pair is one character, an emoji here
		assertThat(ClientMetadata
			.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", "Tasks \ud83d\udcdd"))
			.clientName()).isEqualTo("Tasks \ud83d\udcdd");
	}

	@Test
	void parseWhenNameHasAJoinerOrAVariationSelectorThatShowsAsNothingThenRefused() {
		// each reads "Claude" on the consent page and would be another name than it
		for (String name : List.of("Claude\u034f", "Claude\ufe0f", "Clau\ufe00de", "\ufe0fClaude",
				"Claude\udb40\udd00")) {
			assertThatExceptionOfType(InvalidRegistrationException.class).as(name)
				.isThrownBy(() -> ClientMetadata
					.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name)))
				.withMessage(
						"client_name must not contain control, formatting or invisible characters (such as U+202E) or a lone UTF-16 surrogate");
		}
		// where it changes how a symbol, a keycap or an ideograph looks, it is part of
		// the name
		for (String name : List.of("Notes \u2764\ufe0f", "Plan 1\ufe0f\u20e3", "\u845b\udb40\udd00 Tasks")) {
			assertNameKept(name);
		}
	}

	@Test
	void parseWhenAJoinerGivesTheNameItsFormThenKept() {
		// Persian's non-joiner between joining letters, Devanagari's joiner after a
		// virama, emoji ZWJ sequences (a skin tone or a variation selector before the
		// joiner)
		for (String name : List.of("\u0628\u0631\u0646\u0627\u0645\u0647\u200c\u0631\u06cc\u0632",
				"\u0915\u094d\u200d\u0937", "\u0915\u094d\u200c\u0937 Tasks", "\ud83c\udff4\u200d\u2620\ufe0f Pirate",
				"\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66",
				"\ud83d\udc69\ud83c\udffd\u200d\ud83d\udcbb Dev", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08")) {
			assertNameKept(name);
		}
	}

	@Test
	void parseWhenAJoinerChangesNothingWhereItStandsThenRefused() {
		// each reads as the name without it: between Latin letters, at either end, after
		// an Arabic letter that joins nothing after it (alef), beside one pictograph only
		for (String name : List.of("Clau\u200dde", "Clau\u200cde", "\u200dClaude", "Claude\u200c", "\u0627\u200c\u0628",
				"\ud83c\udff4\u200d Pirate", "Tasks \u200d\ud83d\udcdd", "\u200c", "\u200d",
				"\ud83d\udc69\u200d\u200d\ud83d\udcbb")) {
			assertThatExceptionOfType(InvalidRegistrationException.class).as(name)
				.isThrownBy(() -> ClientMetadata
					.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name)))
				.withMessage(
						"client_name must not contain control, formatting or invisible characters (such as U+202E) or a lone UTF-16 surrogate");
		}
	}

	@Test
	void parseWhenNameShowsAsNothingOrBreaksTheLineThenRefused() {
		// each would read " wants to use your Deferno account", or put words on a line of
		// their own
		for (String name : List.of("\u3164", "\u2800\u2800", "\uffa0", "- . -", "Claude\u2028Verified by Anthropic",
				"Claude\u2029x")) {
			assertThatExceptionOfType(InvalidRegistrationException.class).as(name)
				.isThrownBy(() -> ClientMetadata
					.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name)))
				.withMessageStartingWith("client_name must")
				.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata"));
		}
		for (String name : List.of("Cursor", "클로드", "3D", "\uD83D\uDCC5", "Claude Code (my-server) ü")) {
			assertThat(
					ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name))
						.clientName())
				.isEqualTo(name);
		}
	}

	@Test
	void parseWhenAWebUriCarriesAUserNameThenRefused() {
		// https://claude.ai@evil.example/ reads as claude.ai but goes to evil.example
		for (String member : List.of("client_uri", "logo_uri", "policy_uri", "tos_uri")) {
			assertThatExceptionOfType(InvalidRegistrationException.class).as(member)
				.isThrownBy(() -> ClientMetadata.parse(Map.of("redirect_uris", List.of("https://evil.example/cb"),
						member, "https://claude.ai@evil.example/")))
				.withMessage(member + " must not carry a user name (user@host): it misleads whoever reads it")
				.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_client_metadata"));
		}
		assertThat(ClientMetadata
			.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_uri", "https://a.example/about"))
			.optional()).containsEntry("client_uri", "https://a.example/about");
	}

	@Test
	void parseWhenNoAuthMethodThenClientSecretBasic() {
		assertThat(ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb")))
			.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
	}

	@Test
	void validateRedirectUriWhenNetworkProtocolOrWindowsHandlerThenRefusedNamingTheScheme() {
		for (String uri : List.of("smb://host/share", "ldap://evil.example/cb", "gopher://x/cb", "SSH://x/cb",
				"search-ms:query=x", "sftp://x/cb")) {
			assertThatExceptionOfType(InvalidRegistrationException.class).as(uri)
				.isThrownBy(() -> ClientMetadata.validateRedirectUri(uri))
				.withMessageContaining(uri.substring(0, uri.indexOf(':')).toLowerCase(java.util.Locale.ROOT) + ":")
				.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_redirect_uri"));
		}
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.validateRedirectUri("ms-msdt:/id PCWDiagnostic"))
			.withMessageContaining("Windows protocol handlers");
		// private-use schemes of native apps stay allowed, dotted or not
		ClientMetadata.validateRedirectUri("cursor://anysphere.cursor-mcp/oauth/callback");
		ClientMetadata.validateRedirectUri("com.example.app:/oauth2redirect");
	}

	@Test
	void validateRedirectUriWhenUnsafeThenInvalidRedirectUriSayingWhy() {
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.validateRedirectUri("JavaScript:alert(1)"))
			.withMessageContaining("javascript:")
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("invalid_redirect_uri"));
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.validateRedirectUri("http://192.168.1.2/cb"))
			.withMessageContaining("loopback");
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.validateRedirectUri("https://a.example/cb#f"))
			.withMessageContaining("fragment");
		assertThatExceptionOfType(InvalidRegistrationException.class)
			.isThrownBy(() -> ClientMetadata.validateRedirectUri("https://a.example/caf\u00e9"))
			.withMessageContaining("ASCII");
	}

	@Test
	void validateRedirectUriWhenHttpsOrLoopbackHttpThenAccepted() {
		ClientMetadata.validateRedirectUri("https://a.example/cb");
		ClientMetadata.validateRedirectUri("http://127.0.0.1:1234/cb");
		ClientMetadata.validateRedirectUri("http://[::1]/cb");
		ClientMetadata.validateRedirectUri("http://localhost:80/cb");
		ClientMetadata.validateRedirectUri("https://a.example/caf%C3%A9?tenant=a%20b");
	}

	private static void assertNameKept(String name) {
		assertThat(ClientMetadata.parse(Map.of("redirect_uris", List.of("https://a.example/cb"), "client_name", name))
			.clientName()).as(name).isEqualTo(name);
	}

}
