package com.defernowork.gateway.auth.cimd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The site a document URL belongs to, for sharing fetch capacity ({@link FetchPermits}):
 * a host name's registrable domain by the Public Suffix List that HttpClient ships
 * ({@code a.attacker.example} and {@code b.attacker.example} are one site,
 * {@code alice.github.io} and {@code bob.github.io} two), an IPv4 address itself, an IPv6
 * address's /64 (one machine commonly holds a whole /64).
 */
final class FetchSite {

	private static final PublicSuffixMatcher SUFFIXES = PublicSuffixMatcherLoader.getDefault();

	private FetchSite() {
	}

	// per registrable domain, not per resolved address: unrelated sites share CDN
	// addresses (a hostile one would use up theirs), while free subdomains share one
	// budget
	static String of(ClientIdUrl url) {
		String host = url.host().toLowerCase(Locale.ROOT);
		if (host.startsWith("[")) {
			return ipv6Prefix(host.substring(1, host.length() - 1));
		}
		if (InetAddressUtils.isIPv4(host)) {
			return host;
		}
		String domain = SUFFIXES.getDomainRoot(host);
		// null for a public suffix itself (or a single label such as localhost)
		return (domain != null) ? domain : host;
	}

	/**
	 * The network a request for a document came from, for sharing fetch capacity among
	 * callers: an IPv4 address itself, an IPv6 address's /48 (what one customer is
	 * commonly given: a home's /56 is one network, not 256); null for a loopback,
	 * private, link-local or unique local address, the operator's own network or a proxy
	 * that does not forward client addresses, whose requests would otherwise all share
	 * one caller's part.
	 * @param address the client's address as the servlet request gives it (numeric; an
	 * IPv6 one in brackets when it came forwarded)
	 */
	static String callerOf(String address) {
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
			return network(ip, 48);
		}
		catch (UnknownHostException ex) {
			return bare;
		}
	}

	private static String ipv6Prefix(String literal) {
		try {
			// a literal: only its format is checked, nothing is looked up
			return network(InetAddress.getByName(literal), 64);
		}
		catch (UnknownHostException ex) {
			return literal;
		}
	}

	/**
	 * An IPv6 address's first {@code bits}, the address itself for IPv4 (an IPv4-mapped
	 * literal comes back from the JDK as the IPv4 address).
	 */
	private static String network(InetAddress address, int bits) {
		return (address instanceof Inet6Address)
				? HexFormat.of().formatHex(address.getAddress(), 0, bits / 8) + "::/" + bits : address.getHostAddress();
	}

}
