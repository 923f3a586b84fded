package com.defernowork.gateway.auth.cimd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The only way the document fetcher learns where to connect: it resolves the host once
 * and hands the HTTP client only addresses it has vetted, so there is no second lookup an
 * attacker's DNS could answer differently (DNS rebinding). A host with any special-use
 * address is refused outright. Hosts on the operator's allow-list
 * ({@code auth.cimd.allowed-private-hosts}) may resolve to private addresses.
 */
final class VettedDnsResolver implements DnsResolver {

	/** Name resolution itself; the system resolver in production. */
	@FunctionalInterface
	interface HostResolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private final HostResolver resolver;

	private final Set<String> allowedPrivateHosts;

	VettedDnsResolver(HostResolver resolver, Collection<String> allowedPrivateHosts) {
		this.resolver = resolver;
		this.allowedPrivateHosts = allowedPrivateHosts.stream()
			.map(VettedDnsResolver::normalize)
			.filter((host) -> !host.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = this.resolver.resolve(host);
		if (addresses == null || addresses.length == 0) {
			throw new UnknownHostException(host);
		}
		if (this.allowedPrivateHosts.contains(normalize(host))) {
			return addresses;
		}
		if (Arrays.stream(addresses).anyMatch(SpecialUseAddresses::contains)) {
			throw new RefusedAddressException(host);
		}
		return addresses;
	}

	/**
	 * Never a reverse lookup: TLS checks the certificate against the name from the URL.
	 */
	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

	private static String normalize(String host) {
		String trimmed = host.trim().toLowerCase(Locale.ROOT);
		return (trimmed.startsWith("[") && trimmed.endsWith("]")) ? trimmed.substring(1, trimmed.length() - 1)
				: trimmed;
	}

	/**
	 * A host that resolves to a special-use address; an {@link UnknownHostException} so
	 * the client stops there.
	 */
	static final class RefusedAddressException extends UnknownHostException {

		RefusedAddressException(String host) {
			super(host);
		}

	}

}
