package com.defernowork.gateway.auth.cimd;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Addresses a metadata document must not live at: the special-purpose ranges of RFC 6890
 * and the IANA registries that followed it, most of which the JDK's
 * {@code InetAddress.is*} predicates miss. IPv6 is allowed only inside global unicast
 * {@code 2000::/3}, minus the special ranges there. The JDK turns IPv4-mapped IPv6
 * addresses into IPv4 ones, which the IPv4 table then judges.
 */
final class SpecialUseAddresses {

	// @formatter:off
	private static final List<IpAddressMatcher> IPV4 = matchers(
			"0.0.0.0/8",       // this network, unspecified
			"10.0.0.0/8",      // private
			"100.64.0.0/10",   // shared address space (carrier-grade NAT)
			"127.0.0.0/8",     // loopback
			"169.254.0.0/16",  // link-local, cloud metadata services
			"172.16.0.0/12",   // private
			"192.0.0.0/24",    // IETF protocol assignments
			"192.0.2.0/24",    // documentation (TEST-NET-1)
			"192.88.99.0/24",  // 6to4 relay anycast
			"192.168.0.0/16",  // private
			"198.18.0.0/15",   // benchmarking
			"198.51.100.0/24", // documentation (TEST-NET-2)
			"203.0.113.0/24",  // documentation (TEST-NET-3)
			"224.0.0.0/4",     // multicast
			"240.0.0.0/4");    // reserved, and the broadcast address

	private static final IpAddressMatcher IPV6_GLOBAL_UNICAST = new IpAddressMatcher("2000::/3");

	private static final List<IpAddressMatcher> IPV6_SPECIAL_IN_GLOBAL_UNICAST = matchers(
			"2001::/23",       // IETF protocol assignments, Teredo
			"2001:db8::/32",   // documentation
			"2002::/16",       // 6to4, embeds an IPv4 address
			"3fff::/20",       // documentation
			"5f00::/16");      // segment routing
	// @formatter:on

	private SpecialUseAddresses() {
	}

	static boolean contains(InetAddress address) {
		String literal = withoutScope(address);
		if (address instanceof Inet4Address) {
			return IPV4.stream().anyMatch((range) -> range.matches(literal));
		}
		return !IPV6_GLOBAL_UNICAST.matches(literal)
				|| IPV6_SPECIAL_IN_GLOBAL_UNICAST.stream().anyMatch((range) -> range.matches(literal));
	}

	/**
	 * The address as a literal without an IPv6 zone ({@code %eth0}), which the matcher
	 * could not parse.
	 */
	private static String withoutScope(InetAddress address) {
		try {
			return InetAddress.getByAddress(address.getAddress()).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("an InetAddress always has 4 or 16 bytes", ex);
		}
	}

	private static List<IpAddressMatcher> matchers(String... ranges) {
		return Stream.of(ranges).map(IpAddressMatcher::new).toList();
	}

}
