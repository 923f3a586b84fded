package com.defernowork.gateway.auth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriUtils;

/**
 * Redirect URI matching at the authorization endpoint: exact string match, except that a
 * registered loopback redirect ({@code 127.0.0.1}, {@code [::1]}, {@code localhost})
 * matches any port (RFC 8252 §7.3), because native clients such as Claude Code listen on
 * an ephemeral port, and an empty path as "/".
 */
public final class RedirectUris {

	/**
	 * The longest redirect URI: an authorization request takes no longer parameter value,
	 * so a client registered with a longer one could never be authorized.
	 */
	public static final int MAX_LENGTH = 2048;

	private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

	private RedirectUris() {
	}

	public static boolean isLoopbackHost(String host) {
		return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
	}

	/**
	 * The redirect URI a request names, or the client's only one when it names none; null
	 * if ambiguous.
	 */
	public static String resolve(RegisteredClient client, String requested) {
		if (StringUtils.hasText(requested)) {
			return requested;
		}
		return (client.getRedirectUris().size() == 1) ? client.getRedirectUris().iterator().next() : null;
	}

	/**
	 * Whether {@code requested} (or, when absent, the client's single redirect URI) is
	 * registered.
	 */
	public static boolean matches(RegisteredClient client, String requested) {
		if (!StringUtils.hasText(requested)) {
			return client.getRedirectUris().size() == 1;
		}
		if (client.getRedirectUris().contains(requested)) {
			return true;
		}
		URI candidate = parse(requested);
		if (candidate == null || candidate.getFragment() != null || !isLoopbackHost(candidate.getHost())
				|| !"http".equals(candidate.getScheme()) || candidate.getPort() == 0 || candidate.getPort() > 65535) {
			return false;
		}
		return client.getRedirectUris()
			.stream()
			.map(RedirectUris::parse)
			.filter(Objects::nonNull)
			.anyMatch((registered) -> sameExceptPort(registered, candidate));
	}

	/**
	 * The redirect URI an authorization request of {@code clientId} is answered at: the
	 * one it names (or the client's only one) if registered for that client; else null.
	 */
	public static String registered(RegisteredClientRepository clients, String clientId, String requested) {
		RegisteredClient client = StringUtils.hasText(clientId) ? clients.findByClientId(clientId) : null;
		return (client != null && matches(client, requested)) ? resolve(client, requested) : null;
	}

	/**
	 * An authorization response at a registered redirect URI (RFC 6749 §4.1.2): the given
	 * name-value pairs, then {@code state} and {@code iss} (RFC 9207), empty values left
	 * out, appended to the URI as registered (which has no fragment). Values are
	 * percent-encoded but for unreserved characters, so that no decoder reads a {@code +}
	 * as a space.
	 */
	public static String response(String redirectUri, String state, String issuer, String... namesAndValues) {
		StringJoiner query = new StringJoiner("&");
		for (int i = 0; i < namesAndValues.length; i += 2) {
			addParameter(query, namesAndValues[i], namesAndValues[i + 1]);
		}
		addParameter(query, "state", state);
		addParameter(query, "iss", issuer);
		String separator = (redirectUri.indexOf('?') < 0) ? "?"
				: (redirectUri.endsWith("?") || redirectUri.endsWith("&")) ? "" : "&";
		return redirectUri + separator + query;
	}

	/**
	 * {@code access_denied} for an application still waiting at its redirect URI, when
	 * that URI is registered for the client now (a metadata document may have dropped it
	 * since); otherwise there is nowhere safe to send it.
	 */
	public static Optional<String> accessDenied(RegisteredClientRepository clients, String clientId, String requested,
			String state, String issuer, String description) {
		return Optional.ofNullable(registered(clients, clientId, requested))
			.map((redirectUri) -> response(redirectUri, state, issuer, "error", "access_denied", "error_description",
					description));
	}

	private static void addParameter(StringJoiner query, String name, String value) {
		if (StringUtils.hasText(value)) {
			query.add(name + "=" + UriUtils.encode(value, StandardCharsets.UTF_8));
		}
	}

	/**
	 * The redirect URI as a remembered consent records it: loopback redirects without
	 * their port, since the same native application listens on a new port each time.
	 */
	public static String consentKey(String redirectUri) {
		URI uri = parse(redirectUri);
		if (uri == null || !isLoopbackHost(uri.getHost())) {
			return redirectUri;
		}
		return uri.getScheme() + "://" + uri.getHost() + Objects.toString(uri.getRawPath(), "")
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	/**
	 * Whether the redirect is http(s) to a loopback address: it stays on the person's
	 * computer, with the application that is listening there.
	 */
	public static boolean isLoopbackRedirect(String redirectUri) {
		URI uri = parse(redirectUri);
		return uri != null && isHttp(uri.getScheme()) && isLoopbackHost(uri.getHost());
	}

	/**
	 * Whether the redirect is https to a named host: only its owner can receive the code,
	 * unlike a loopback port or a private-use scheme, which any program may claim.
	 */
	public static boolean isWebRedirect(String redirectUri) {
		URI uri = parse(redirectUri);
		return uri != null && "https".equalsIgnoreCase(uri.getScheme()) && isDomainName(uri.getHost());
	}

	/**
	 * A name in the DNS, where a certificate says who owns it: no address literal (which
	 * may be this computer or the local network) and no {@code localhost} or
	 * {@code *.localhost}, which browsers send to this computer.
	 */
	private static boolean isDomainName(String host) {
		if (host == null || host.startsWith("[") || host.matches("[0-9.]+")) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		return !name.equals("localhost") && !name.endsWith(".localhost") && !name.endsWith(".localhost.");
	}

	/**
	 * Where a person is told they will be sent back: the host of a web redirect, the
	 * scheme (and host) of a native app's private-use redirect, e.g.
	 * {@code cursor://anysphere.cursor-mcp}; null for loopback, which reads as this
	 * computer.
	 */
	public static String displayHost(String redirectUri) {
		URI uri = parse(redirectUri);
		if (uri == null || uri.getScheme() == null) {
			return redirectUri;
		}
		if (isLoopbackHost(uri.getHost())) {
			return null;
		}
		if (isHttp(uri.getScheme()) && uri.getHost() != null) {
			return uri.getHost();
		}
		return uri.getScheme().toLowerCase(Locale.ROOT) + ":" + ((uri.getHost() != null) ? "//" + uri.getHost() : "");
	}

	/**
	 * The scheme of a native app's private-use redirect ({@code cursor} for
	 * {@code cursor://anysphere.cursor-mcp/cb}), which any program on the computer may
	 * claim; null for a web or loopback redirect.
	 */
	public static String appScheme(String redirectUri) {
		URI uri = parse(redirectUri);
		return (uri == null || uri.getScheme() == null || isHttp(uri.getScheme())) ? null
				: uri.getScheme().toLowerCase(Locale.ROOT);
	}

	/** A parsed URI's scheme is ASCII, which ignoring case compares as lower case. */
	private static boolean isHttp(String scheme) {
		return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
	}

	/**
	 * Whether the redirect goes to a program on this computer (a loopback address or a
	 * native app's scheme) rather than to a web host.
	 */
	public static boolean isOnThisComputer(String redirectUri) {
		return appScheme(redirectUri) != null || displayHost(redirectUri) == null;
	}

	/**
	 * Where a person is told the application returns to, as the pages word it: a web
	 * redirect's host, or a program on this computer.
	 */
	public static String returnsTo(String redirectUri) {
		String app = appScheme(redirectUri);
		if (app != null) {
			return "an app on this computer that opens " + app + ": links";
		}
		String host = displayHost(redirectUri);
		return (host != null) ? host : "an application on this computer";
	}

	private static boolean sameExceptPort(URI registered, URI candidate) {
		return candidate.getScheme().equals(registered.getScheme())
				&& candidate.getHost().equalsIgnoreCase(Objects.toString(registered.getHost(), ""))
				&& path(registered).equals(path(candidate))
				&& Objects.equals(registered.getRawQuery(), candidate.getRawQuery())
				&& registered.getRawUserInfo() == null && candidate.getRawUserInfo() == null;
	}

	/**
	 * RFC 3986 §6.2.3: for http an empty path is "/" ({@code http://127.0.0.1} and
	 * {@code http://127.0.0.1:5000/} name the same place); no other normalization.
	 */
	private static String path(URI uri) {
		String path = uri.getRawPath();
		return StringUtils.hasLength(path) ? path : "/";
	}

	private static URI parse(String value) {
		try {
			return new URI(value);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
