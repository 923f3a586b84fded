package com.defernowork.gateway.mcp.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

import org.apache.hc.client5.http.DnsResolver;

/**
 * A name's addresses in a new random order for each connection. HttpClient connects to
 * the first address that answers, and the JVM hands out the same order for as long as it
 * caches the answer (30 s by default): without this, every connection to a name with one
 * address per auth server would go to the same one. Addresses are shuffled within their
 * family (IPv4, IPv6) and the families keep the system's order of preference, so a host
 * where IPv6 goes nowhere does not wait out a connect timeout first. Written here because
 * HttpClient's resolvers keep the system's order.
 */
final class ShufflingDnsResolver implements DnsResolver {

	private final DnsResolver system;

	private final RandomGenerator random;

	ShufflingDnsResolver(DnsResolver system, RandomGenerator random) {
		this.system = system;
		this.random = random;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		List<InetAddress> addresses = List.of(this.system.resolve(host));
		List<InetAddress> shuffled = new ArrayList<>(addresses.size());
		for (Class<?> family : addresses.stream().map(Object::getClass).distinct().toList()) {
			List<InetAddress> ofFamily = new ArrayList<>(addresses.stream().filter(family::isInstance).toList());
			Collections.shuffle(ofFamily, this.random);
			shuffled.addAll(ofFamily);
		}
		return shuffled.toArray(InetAddress[]::new);
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return this.system.resolveCanonicalHostname(host);
	}

}
