package com.defernowork.gateway.auth.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The network a request came from, for limits shared by the callers of one network (the
 * client metadata document fetches they set off, the clients they register): an IPv4
 * address itself, an IPv6 address's /48 (what one customer is commonly given: a home's
 * /56 is one network, not 256, and a machine's /64 is no limit at all).
 */
public final class CallerNetwork {

	private CallerNetwork() {
	}

	/**
	 * The caller's network; null for a loopback, private, link-local or unique local
	 * address, the operator's own network or a proxy that does not forward client
	 * addresses, whose requests would otherwise all share one caller's part.
	 * @param address the client's address as the servlet request gives it (numeric; an
	 * IPv6 one in brackets when it came forwarded)
	 */
	public static String of(String address) {
		String bare = (address.startsWith("[") && address.endsWith("]")) ? address.substring(1, address.length() - 1)
				: address;
		if (!InetAddressUtils.isIPv4(bare) && !InetAddressUtils.isIPv6(bare)) {
			return bare;
		}
		try {
			// a literal: only its format is checked, nothing is looked up
			InetAddress ip = InetAddress.getByName(bare);
			if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress()
					|| (ip instanceof Inet6Address && (ip.getAddress()[0] & 0xfe) == 0xfc)) {
				return null;
			}
			return prefix(ip, 48);
		}
		catch (UnknownHostException ex) {
			return bare;
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

}
