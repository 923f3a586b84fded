package com.defernowork.gateway.mcp.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each lookup hands out all of a name's addresses, in an order of its own. */
class ShufflingDnsResolverTests {

	private final InetAddress[] addresses = addresses("10.0.0.1", "10.0.0.2", "10.0.0.3");

	private final ShufflingDnsResolver resolver = answering(this.addresses);

	@Test
	void resolveWhenANameHasSeveralAddressesThenEachLookupHasAllAndEachComesFirstSometimes()
			throws UnknownHostException {
		Set<InetAddress> first = new HashSet<>();
		for (int i = 0; i < 30; i++) {
			InetAddress[] resolved = this.resolver.resolve("auth-server");
			assertThat(resolved).containsExactlyInAnyOrder(this.addresses);
			first.add(resolved[0]);
		}
		assertThat(first).containsExactlyInAnyOrder(this.addresses);
	}

	@Test
	void resolveWhenANameHasAddressesOfBothFamiliesThenTheSystemsPreferredFamilyStaysFirst()
			throws UnknownHostException {
		InetAddress[] mixed = addresses("10.0.0.1", "fd00::1", "10.0.0.2", "fd00::2");
		ShufflingDnsResolver resolver = answering(mixed);
		Set<InetAddress> first = new HashSet<>();
		for (int i = 0; i < 30; i++) {
			InetAddress[] resolved = resolver.resolve("auth-server");
			assertThat(resolved).containsExactlyInAnyOrder(mixed);
			assertThat(List.of(resolved).subList(0, 2)).as("IPv4 first, as the system gave it")
				.containsExactlyInAnyOrder(mixed[0], mixed[2]);
			first.add(resolved[0]);
		}
		assertThat(first).containsExactlyInAnyOrder(mixed[0], mixed[2]);
	}

	@Test
	void resolveWhenTheSystemAnswersThenItsArrayIsLeftAsItWas() throws UnknownHostException {
		InetAddress[] system = addresses("10.0.0.1", "10.0.0.2", "10.0.0.3");
		ShufflingDnsResolver resolver = answering(system);
		for (int i = 0; i < 10; i++) {
			resolver.resolve("auth-server");
		}
		assertThat(system).containsExactly(addresses("10.0.0.1", "10.0.0.2", "10.0.0.3"));
	}

	/** Shuffles what a system resolver answering {@code system} for every name gives. */
	private static ShufflingDnsResolver answering(InetAddress[] system) {
		return new ShufflingDnsResolver(new SystemDefaultDnsResolver() {
			@Override
			public InetAddress[] resolve(String host) {
				return system;
			}
		}, new Random(7));
	}

	private static InetAddress[] addresses(String... literals) {
		InetAddress[] addresses = new InetAddress[literals.length];
		for (int i = 0; i < literals.length; i++) {
			try {
				addresses[i] = InetAddress.getByName(literals[i]);
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException(ex);
			}
		}
		return addresses;
	}

}
