package com.defernowork.gateway.mcp.security.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first POST form of an HTML page, read the way a browser submits it: hidden and text fields with their values,
 * checked boxes (or all boxes, for "approve everything"), and the chosen named submit button. Enough for the
 * sandbox's sign-in page and the authorization server's consent page; not a general HTML parser.
 */
final class HtmlForm {

	private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

	private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>(.*?)</button>",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*(?:=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");

	final URI action;

	final String body;

	private HtmlForm(URI action, String body) {
		this.action = action;
		this.body = body;
	}

	static Optional<HtmlForm> firstPostForm(URI page, String html) {
		Matcher form = FORM.matcher(html);
		while (form.find()) {
			Map<String, String> attributes = attributes(form.group(1));
			if ("post".equalsIgnoreCase(attributes.getOrDefault("method", "get"))) {
				String action = attributes.getOrDefault("action", "");
				return Optional.of(new HtmlForm(page.resolve(action.isEmpty() ? page.getRawPath() : action),
						form.group(2)));
			}
		}
		return Optional.empty();
	}

	boolean hasPassword() {
		Matcher input = INPUT.matcher(this.body);
		while (input.find()) {
			if ("password".equalsIgnoreCase(attributes(input.group(1)).get("type"))) {
				return true;
			}
		}
		return false;
	}

	/** The fields to post: filled values override, every checkbox ticked when {@code checkAll}. */
	Map<String, java.util.List<String>> fields(Map<String, String> filled, boolean checkAll, String buttonHint) {
		Map<String, java.util.List<String>> fields = new LinkedHashMap<>();
		Matcher input = INPUT.matcher(this.body);
		while (input.find()) {
			Map<String, String> attributes = attributes(input.group(1));
			String name = attributes.get("name");
			String type = attributes.getOrDefault("type", "text").toLowerCase(Locale.ROOT);
			if (name == null || type.equals("submit") || type.equals("button")) {
				continue;
			}
			if (type.equals("checkbox") || type.equals("radio")) {
				if (checkAll || attributes.containsKey("checked")) {
					add(fields, name, attributes.getOrDefault("value", "on"));
				}
				continue;
			}
			add(fields, name, filled.getOrDefault(name, attributes.getOrDefault("value", "")));
		}
		filled.forEach((name, value) -> fields.computeIfAbsent(name, (n) -> new java.util.ArrayList<>(java.util.List.of(value))));
		submitButton(buttonHint).ifPresent((button) -> add(fields, button[0], button[1]));
		return fields;
	}

	/** The named submit button whose name, value or label contains the hint (e.g. "approve"), if any is named. */
	private Optional<String[]> submitButton(String hint) {
		Matcher button = BUTTON.matcher(this.body);
		String[] first = null;
		while (button.find()) {
			Map<String, String> attributes = attributes(button.group(1));
			String name = attributes.get("name");
			if (name == null || "button".equalsIgnoreCase(attributes.get("type"))) {
				continue;
			}
			String[] candidate = { name, attributes.getOrDefault("value", "") };
			String text = (name + " " + candidate[1] + " " + button.group(2)).toLowerCase(Locale.ROOT);
			if (text.contains(hint)) {
				return Optional.of(candidate);
			}
			if (first == null && !text.contains("cancel") && !text.contains("deny")) {
				first = candidate;
			}
		}
		return Optional.ofNullable(first);
	}

	private static void add(Map<String, java.util.List<String>> fields, String name, String value) {
		fields.computeIfAbsent(name, (n) -> new java.util.ArrayList<>()).add(value);
	}

	private static Map<String, String> attributes(String tag) {
		Map<String, String> attributes = new LinkedHashMap<>();
		Matcher attribute = ATTRIBUTE.matcher(tag);
		while (attribute.find()) {
			String value = attribute.group(2);
			if (value == null) {
				value = "";
			}
			else if (value.startsWith("\"") || value.startsWith("'")) {
				value = value.substring(1, value.length() - 1);
			}
			attributes.put(attribute.group(1).toLowerCase(Locale.ROOT), unescape(value));
		}
		return attributes;
	}

	private static String unescape(String value) {
		return value.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&#x27;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&#x2F;", "/")
			.replace("&#47;", "/")
			.replace("&#61;", "=")
			.replace("&#x3D;", "=")
			.replace("&amp;", "&");
	}

}
