package com.defernowork.gateway.mcp.security;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.web.settings.InvalidSettingException;

/**
 * The entries of {@code MCP_ALLOWED_HOSTS} and {@code MCP_ALLOWED_ORIGINS}, checked at
 * start: an entry of another form never matches a request (an origin with a path, a host
 * without scheme) or matches another one than meant ({@code http://a.example} as a host
 * allowed the host {@code http}).
 */
final class AllowedHostsAndOrigins {

	static final String HOSTS = "MCP_ALLOWED_HOSTS (mcp.security.allowed-hosts)";

	static final String ORIGINS = "MCP_ALLOWED_ORIGINS (mcp.security.allowed-origins)";

	static final String HOST_FORM = "host names or IP addresses, each with an optional port, separated by commas, "
			+ "without scheme, path or '/' (e.g. mcp.example.com,10.0.0.5:8001,[::1])";

	static final String ORIGIN_FORM = "origins scheme://host or scheme://host:port, separated by commas, without "
			+ "path (e.g. https://app.example.com; a * in the host matches any text, a :[*] at the end any port "
			+ "or none; * alone every origin)";

	/** Every origin: allowed, with a warning at start, as it turns a check off. */
	static final String EVERY_ORIGIN = "*";

	private static final String NAME = "[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?";

	private static final String IPV6 = "\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\\]";

	private static final Pattern HOST = Pattern.compile("(?:" + NAME + "|" + IPV6 + ")(?::([0-9]{1,5}))?");

	/** A bare IPv6 literal, as {@code Host} never has it but an operator may write it. */
	private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

	private static final Pattern ORIGIN = Pattern
		.compile("[A-Za-z][A-Za-z0-9+.-]*://(?:[A-Za-z0-9_*.-]+|" + IPV6 + ")(?::(?:([0-9]{1,5})|\\[\\*\\]))?/?");

	private AllowedHostsAndOrigins() {
	}

	static List<String> hosts(List<String> entries) {
		List<String> hosts = nonBlank(entries);
		for (String host : hosts) {
			Matcher matcher = HOST.matcher(host);
			boolean valid = (matcher.matches() && validPort(matcher.group(1))) || BARE_IPV6.matcher(host).matches();
			if (!valid) {
				throw new InvalidSettingException(HOSTS, HOST_FORM, host);
			}
		}
		// the port is not compared: a.example and a.example:8001 allow one host
		refuseRepeats(hosts, HOSTS, "host", (host) -> {
			Matcher named = HOST.matcher(host);
			String name = (named.matches() && named.group(1) != null)
					? host.substring(0, host.length() - named.group(1).length() - 1) : host;
			return name.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
		});
		return hosts;
	}

	static List<String> origins(List<String> entries) {
		List<String> origins = nonBlank(entries);
		for (String origin : origins) {
			Matcher matcher = ORIGIN.matcher(origin);
			if (!origin.equals(EVERY_ORIGIN) && !(matcher.matches() && validPort(matcher.group(1)))) {
				throw new InvalidSettingException(ORIGINS, ORIGIN_FORM, origin);
			}
			if (matcher.matches() && isDefaultPort(origin, matcher.group(1))) {
				// no browser's Origin has it, nor would nginx's copy of the list
				throw new InvalidSettingException(ORIGINS, ORIGIN_FORM + ", without the scheme's own port (443 for "
						+ "https, 80 for http), as a browser's Origin has none", origin);
			}
		}
		refuseRepeats(origins, ORIGINS, "origin", (origin) -> {
			String lower = origin.toLowerCase(Locale.ROOT);
			return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
		});
		return origins;
	}

	private static List<String> nonBlank(List<String> entries) {
		return (entries != null) ? entries.stream().map(String::strip).filter((e) -> !e.isEmpty()).toList() : List.of();
	}

	private static boolean isDefaultPort(String origin, String port) {
		String scheme = origin.substring(0, origin.indexOf(':')).toLowerCase(Locale.ROOT);
		return ("https".equals(scheme) && "443".equals(port)) || ("http".equals(scheme) && "80".equals(port));
	}

	private static boolean validPort(String port) {
		return port == null || (Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535);
	}

	/** A repeat is a slip (a copy meant to be another entry), so it is named. */
	private static void refuseRepeats(List<String> entries, String setting, String what, UnaryOperator<String> key) {
		Set<String> seen = new HashSet<>();
		for (String entry : entries) {
			if (!seen.add(key.apply(entry))) {
				throw new InvalidSettingException(setting,
						"a list naming each " + what + " once ('" + entry + "' is there twice)",
						String.join(",", entries));
			}
		}
	}

}
