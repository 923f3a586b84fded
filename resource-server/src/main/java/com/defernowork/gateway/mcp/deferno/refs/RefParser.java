package com.defernowork.gateway.mcp.deferno.refs;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a Ref input form, trying the forms in this order: UUID → App URL → Sequence
 * → Canonical → Alias → not auto-routed. Digits are ASCII only.
 */
public final class RefParser {

	private static final Pattern ORG_SLUG = Pattern.compile("(?=.{2,32}$)[a-z](?:-?[a-z0-9])+");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

	private static final Pattern APP_URL = Pattern
		.compile("(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?/+o/+([^/?#]+)/+items/+([^/?#]+)/*(?:[?#].*)?");

	private RefParser() {
	}

	public static Ref parse(String raw) {
		String s = (raw != null) ? raw.strip() : "";
		String uuid = uuid(s);
		if (uuid != null) {
			return new Ref.Uuid(s, uuid);
		}
		if (s.contains("/o/")) {
			Matcher url = APP_URL.matcher(s);
			if (url.matches() && isOrgSlug(url.group(1))) {
				String slug = url.group(1);
				String tail = url.group(2);
				String tailUuid = uuid(tail);
				if (tailUuid != null) {
					return new Ref.AppUrlUuid(s, slug, tailUuid);
				}
				if (DIGITS.matcher(tail).matches()) {
					String sequence = new BigInteger(tail).toString();
					return new Ref.AppUrlSequence(s, slug, sequence, slug + "-" + sequence);
				}
			}
		}
		String sequence = s.startsWith("#") ? s.substring(1) : s;
		if (DIGITS.matcher(sequence).matches()) {
			return new Ref.Sequence(s, new BigInteger(sequence).toString());
		}
		int dash = s.lastIndexOf('-');
		if (dash > 0 && isOrgSlug(s.substring(0, dash)) && DIGITS.matcher(s.substring(dash + 1)).matches()) {
			return new Ref.Canonical(s, s.substring(0, dash), s.substring(dash + 1));
		}
		int hash = s.lastIndexOf('#');
		if (hash >= 0 && s.substring(0, hash).contains("/") && DIGITS.matcher(s.substring(hash + 1)).matches()) {
			return new Ref.Alias(s);
		}
		return new Ref.NotAutoRouted(s);
	}

	public static boolean isOrgSlug(String value) {
		return ORG_SLUG.matcher(value).matches();
	}

	/**
	 * The canonical form of a UUID written any way Python's {@code uuid.UUID} accepts,
	 * else {@code null}.
	 */
	static String uuid(String s) {
		String hex = s.replace("urn:", "").replace("uuid:", "");
		while (hex.startsWith("{")) {
			hex = hex.substring(1);
		}
		while (hex.endsWith("}")) {
			hex = hex.substring(0, hex.length() - 1);
		}
		hex = hex.replace("-", "");
		if (!HEX32.matcher(hex).matches()) {
			return null;
		}
		hex = hex.toLowerCase(Locale.ROOT);
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
				+ hex.substring(16, 20) + "-" + hex.substring(20);
	}

}
