package com.defernowork.gateway.auth.cimd;

import java.util.Locale;

import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.apache.hc.core5.net.InetAddressUtils;

import com.defernowork.gateway.web.http.CallerNetwork;

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
			return CallerNetwork.machine(host);
		}
		if (InetAddressUtils.isIPv4(host)) {
			return host;
		}
		String domain = SUFFIXES.getDomainRoot(host);
		// null for a public suffix itself (or a single label such as localhost)
		return (domain != null) ? domain : host;
	}

}
