package com.defernowork.gateway.auth.cimd;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A {@code client_id} that names a Client ID Metadata Document: https, a host name or
 * canonical IP address (an IPv6 one without a zone), a path other than {@code /}, no
 * {@code .} or {@code ..} segment (also percent-encoded), no fragment, no user
 * information, at most {@value #MAX_LENGTH} characters. A port and a query are allowed,
 * as the draft allows them.
 *
 * @param value the {@code client_id} exactly as sent, which the document's own
 * {@code client_id} must equal
 * @param uri the parsed value
 */
public record ClientIdUrl(String value, URI uri) {

	static final int MAX_LENGTH = 512;

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/**
	 * A last label that is a number (decimal, octal or hex): never a DNS name, often a
	 * disguised address.
	 */
	private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

	/**
	 * Whether a {@code client_id} is meant as a metadata document URL rather than an id
	 * this server issued; ours never contain a colon. Plain http counts too, so that it
	 * is refused with a reason rather than as unknown.
	 */
	public static boolean isUrl(String clientId) {
		return clientId != null && (clientId.regionMatches(true, 0, "https://", 0, 8)
				|| clientId.regionMatches(true, 0, "http://", 0, 7));
	}

	/** The host a person sees as the client's verified origin, e.g. {@code claude.ai}. */
	public String host() {
		return this.uri.getHost();
	}

	static ClientIdUrl parse(String value) {
		if (value.length() > MAX_LENGTH) {
			throw invalid("it is longer than " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw invalid("it is not a valid URL");
		}
		if (!"https".equals(uri.getScheme())) {
			throw invalid("it must start with https://");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid("it must not contain a user name or password");
		}
		if (uri.getRawFragment() != null) {
			throw invalid("it must not contain a fragment (#…)");
		}
		validateHost(uri);
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw invalid("its port must be between 1 and 65535");
		}
		validatePath(uri.getRawPath());
		if (!StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
			throw invalid("it must be ASCII, any other character percent-encoded");
		}
		return new ClientIdUrl(value, uri);
	}

	private static void validateHost(URI uri) {
		String host = uri.getHost();
		if (host == null) {
			throw invalid("its host is not a valid DNS name or IP address (use the ASCII form of international names)");
		}
		if (host.startsWith("[")) {
			// an IPv6 literal, which URI has checked: a zone names an interface of this
			// machine, never an address on the internet (RFC 9844); the address check
			// decides the rest
			if (host.indexOf('%') >= 0) {
				throw invalid("its host must not carry an IPv6 zone (%…)");
			}
			return;
		}
		if (host.endsWith(".")) {
			throw invalid("its host must not end with a dot");
		}
		String lastLabel = host.substring(host.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
		if (NUMERIC_LABEL.matcher(lastLabel).matches() && !DOTTED_QUAD.matcher(host).matches()) {
			throw invalid("its host '" + host + "' is a number but not a dotted-quad IPv4 address");
		}
	}

	private static void validatePath(String rawPath) {
		if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
			throw invalid("it must have a path, e.g. https://example.com/oauth/client.json");
		}
		for (String segment : rawPath.split("/", -1)) {
			String decoded = segment.replaceAll("(?i)%2e", ".");
			if (decoded.equals(".") || decoded.equals("..")) {
				throw invalid("its path must not contain . or .. segments");
			}
		}
	}

	private static ClientDocumentException invalid(String detail) {
		return new ClientDocumentException(ClientDocumentException.Reason.INVALID_CLIENT_ID,
				"The client_id is not a valid metadata document URL: " + detail + ".");
	}

}
