package com.defernowork.gateway.auth.cimd;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FetchSiteTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			https://claude.ai/oauth/claude-code-client-metadata | claude.ai
			https://a.b.Attacker.example/slow?n=1               | attacker.example
			https://c.attacker.example:8443/slow                | attacker.example
			https://alice.github.io/client.json                 | alice.github.io
			https://bob.github.io/client.json                   | bob.github.io
			https://app.example.co.uk/client.json               | example.co.uk
			https://localhost:8443/client.json                  | localhost
			https://203.0.113.7/client.json                     | 203.0.113.7
			https://[2001:db8:1:2:3::4]/client.json             | 20010db800010002::/64
			https://[2001:db8:1:2:ffff::1]/client.json          | 20010db800010002::/64
			https://[::ffff:203.0.113.7]/client.json            | 203.0.113.7
			""")
	void ofWhenUrlThenItsRegistrableDomainOrAddress(String url, String site) {
		assertThat(FetchSite.of(ClientIdUrl.parse(url))).isEqualTo(site);
	}

}
