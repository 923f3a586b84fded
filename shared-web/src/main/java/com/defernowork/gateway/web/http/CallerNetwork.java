package com.defernowork.gateway.web.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The network a request came from, for limits shared by the callers of one network: an
 * IPv4 address itself, an IPv6 address by a prefix of it (one address alone is no limit
 * for someone given a whole /64 or /48).
 */
public final class CallerNetwork {

	private CallerNetwork() {
	}

	/**
	 * The caller's network for the auth server's limits (the client metadata document
	 * fetches callers set off, the clients they register): an IPv6 address's /48, what
	 * one customer is commonly given (a home's /56 is one network, not 256); null for a
	 * loopback, private, link-local or unique local address, the operator's own network
	 * or a proxy that does not forward client addresses, whose requests would otherwise
	 * all share one caller's part.
	 * @param address the client's address as the servlet request gives it (numeric; an
	 * IPv6 one in brackets when it came forwarded)
	 */
	public static String of(String address) {
		InetAddress ip = literal(address);
		if (ip == null) {
			return bare(address);
		}
		if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress()
				|| (ip instanceof Inet6Address && (ip.getAddress()[0] & 0xfe) == 0xfc)) {
			return null;
		}
		return prefix(ip, 48);
	}

	/**
	 * The address of one machine: an IPv4 address itself, an IPv6 address's /64 (a
	 * machine commonly holds a whole /64); anything else as it is.
	 * @param address numeric, an IPv6 one perhaps in brackets
	 */
	public static String machine(String address) {
		if (address == null || address.indexOf(':') < 0) {
			// IPv4 (or a name) as it is, without parsing it on every request
			return address;
		}
		InetAddress ip = literal(address);
		return (ip != null) ? prefix(ip, 64) : bare(address);
	}

	/**
	 * The address as an IP address, or null when it is none (a name, nothing): only a
	 * literal's format is read, nothing is looked up.
	 */
	public static InetAddress literal(String address) {
		String bare = bare(address);
		if (bare == null || (!InetAddressUtils.isIPv4(bare) && !InetAddressUtils.isIPv6(bare)
				&& !InetAddressUtils.isIPv4MappedIPv6(bare))) {
			return null;
		}
		try {
			return InetAddress.getByName(bare);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * An IPv6 address's first {@code bits} (a multiple of 8), the address itself for IPv4
	 * (an IPv4-mapped literal comes back from the JDK as the IPv4 address).
	 */
	public static String prefix(InetAddress address, int bits) {
		return (address instanceof Inet6Address)
				? HexFormat.of().formatHex(address.getAddress(), 0, bits / 8) + "::/" + bits : address.getHostAddress();
	}

	private static String bare(String address) {
		return (address != null && address.startsWith("[") && address.endsWith("]"))
				? address.substring(1, address.length() - 1) : address;
	}

}
