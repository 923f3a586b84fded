package com.defernowork.gateway.web.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallerNetworkTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			203.0.113.7                 | 203.0.113.7
			2001:db8:1:2:3:0:0:4        | 20010db80001::/48
			2001:db8:1:ff00:0:0:0:1     | 20010db80001::/48
			[2001:db8:1:ff00::1]        | 20010db80001::/48
			2001:db8:2:0:0:0:0:1        | 20010db80002::/48
			::ffff:203.0.113.7          | 203.0.113.7
			""")
	void ofWhenAddressThenItselfOrItsSlash48(String address, String network) {
		assertThat(CallerNetwork.of(address)).isEqualTo(network);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.10", "169.254.1.1", "0:0:0:0:0:0:0:1",
			"[::1]", "fd12:3456:789a::1", "fe80::1" })
	void ofWhenTheOperatorsOwnNetworkThenNoneSoThatAProxyNotForwardingIsNotOneCaller(String address) {
		assertThat(CallerNetwork.of(address)).isNull();
	}

	@Test
	void machineWhenIpv6ThenItsSlash64HoweverWritten() {
		String network = CallerNetwork.machine("2001:db8:0:1::5");
		assertThat(CallerNetwork.machine("[2001:0db8:0000:0001:ffff:0:0:9]")).isEqualTo(network);
		assertThat(CallerNetwork.machine("2001:db8:0:2::5")).isNotEqualTo(network);
		assertThat(CallerNetwork.machine("203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(CallerNetwork.machine("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(CallerNetwork.machine("not:an address")).isEqualTo("not:an address");
		assertThat(CallerNetwork.machine("2001:db8:0:1::5")).isEqualTo("20010db800000001::/64");
	}

}
