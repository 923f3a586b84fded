package com.defernowork.gateway.mcp.deferno.refs;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference client's Ref classification examples ({@code tests/test_refs.py}) and
 * Java-parity edge cases.
 */
class RefParserTests {

	static Stream<Arguments> examples() {
		String uuid = "11111111-2222-3333-4444-555555555555";
		return Stream.of(Arguments.of("#123", new Ref.Sequence("#123", "123")),
				Arguments.of("123", new Ref.Sequence("123", "123")),
				Arguments.of("  #0042 ", new Ref.Sequence("#0042", "42")),
				Arguments.of("#44", new Ref.Sequence("#44", "44")),
				Arguments.of("acme-123", new Ref.Canonical("acme-123", "acme", "123")),
				Arguments.of("u-1y0e2v-123", new Ref.Canonical("u-1y0e2v-123", "u-1y0e2v", "123")),
				Arguments.of("acme-007", new Ref.Canonical("acme-007", "acme", "007")),
				Arguments.of("https://app.defernowork.com/o/u-1y0e2v/items/123",
						new Ref.AppUrlSequence("https://app.defernowork.com/o/u-1y0e2v/items/123", "u-1y0e2v", "123",
								"u-1y0e2v-123")),
				Arguments.of("https://app.defernowork.com/o/u-1y0e2v/items/123/",
						new Ref.AppUrlSequence("https://app.defernowork.com/o/u-1y0e2v/items/123/", "u-1y0e2v", "123",
								"u-1y0e2v-123")),
				Arguments.of("https://app.defernowork.com/o/u-1y0e2v/items/123?foo=bar&x=1",
						new Ref.AppUrlSequence("https://app.defernowork.com/o/u-1y0e2v/items/123?foo=bar&x=1",
								"u-1y0e2v", "123", "u-1y0e2v-123")),
				Arguments.of("https://app.defernowork.com/o/acme/items/0012",
						new Ref.AppUrlSequence("https://app.defernowork.com/o/acme/items/0012", "acme", "12",
								"acme-12")),
				Arguments.of("https://app.defernowork.com/o/acme/items/" + uuid,
						new Ref.AppUrlUuid("https://app.defernowork.com/o/acme/items/" + uuid, "acme", uuid)),
				Arguments.of(uuid, new Ref.Uuid(uuid, uuid)),
				Arguments.of("11111111222233334444555555555555",
						new Ref.Uuid("11111111222233334444555555555555", uuid)),
				Arguments.of("{11111111-2222-3333-4444-555555555555}",
						new Ref.Uuid("{11111111-2222-3333-4444-555555555555}", uuid)),
				Arguments.of("urn:uuid:11111111-2222-3333-4444-555555555555",
						new Ref.Uuid("urn:uuid:11111111-2222-3333-4444-555555555555", uuid)),
				Arguments.of("AAAAAAAA-2222-3333-4444-555555555555",
						new Ref.Uuid("AAAAAAAA-2222-3333-4444-555555555555", "aaaaaaaa-2222-3333-4444-555555555555")),
				// 32 digits parse as a UUID before the sequence rule sees them
				Arguments.of("12345678901234567890123456789012",
						new Ref.Uuid("12345678901234567890123456789012", "12345678-9012-3456-7890-123456789012")),
				Arguments.of("octo/repo#44", new Ref.Alias("octo/repo#44")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void parseWhenContractExampleThenClassified(String input, Ref expected) {
		assertThat(RefParser.parse(input)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ABC-223", "acme-", "-123", "not a ref", "a-123",
			"https://app.defernowork.com/o/x/tasks/1", "https://app.defernowork.com/o/acme/tasks/1", "acme--x-1",
			"acme-x--1", "Acme-12", "#12a", "", "   ", "١٢٣", "owner/repo#", "repo#12" })
	void parseWhenNotAutoRoutableThenRefused(String input) {
		assertThat(RefParser.parse(input)).isInstanceOf(Ref.NotAutoRouted.class);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "acme", "u-1y0e2v", "ab", "a1", "abcdefghijklmnopqrstuvwxyz012345" })
	void isOrgSlugWhenValidThenTrue(String slug) {
		assertThat(RefParser.isOrgSlug(slug)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "a", "1acme", "acme-", "ac--me", "Acme", "abcdefghijklmnopqrstuvwxyz0123456", "ac_me" })
	void isOrgSlugWhenInvalidThenFalse(String slug) {
		assertThat(RefParser.isOrgSlug(slug)).isFalse();
	}

}
