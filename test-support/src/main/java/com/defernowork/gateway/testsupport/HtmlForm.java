package com.defernowork.gateway.testsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * An HTML form as a browser submits it: its action, the successful controls (inputs with
 * their values, checked boxes, selects, textareas) and the one submit button that was
 * pressed.
 */
public final class HtmlForm {

	private final URI action;

	private final List<Map.Entry<String, String>> fields;

	private HtmlForm(URI action, List<Map.Entry<String, String>> fields) {
		this.action = action;
		this.fields = fields;
	}

	/** The first form on the page with a password field. */
	public static Optional<HtmlForm> signIn(Document page) {
		for (Element form : page.select("form")) {
			if (!form.select("input[type=password]").isEmpty()) {
				return Optional.of(of(form, null));
			}
		}
		return Optional.empty();
	}

	/**
	 * The form holding a submit button whose label matches {@code button}
	 * (case-insensitive), as if that button were pressed. Unchecked boxes stay unchecked
	 * unless the form has boxes but none checked, in which case all are checked (a
	 * consent page that asks to tick the scopes).
	 */
	public static Optional<HtmlForm> withButton(Document page, Pattern button) {
		for (Element form : page.select("form")) {
			for (Element candidate : form.select("button, input[type=submit]")) {
				String label = candidate.tagName().equals("button") ? candidate.text() : candidate.attr("value");
				if (button.matcher(label).find() && !"button".equalsIgnoreCase(candidate.attr("type"))) {
					return Optional.of(of(form, candidate));
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The form with the given id with only its hidden fields, less those named
	 * {@code except}: the test adds the choices (e.g. the scopes approved on a consent
	 * page).
	 */
	public static HtmlForm hiddenFieldsOf(Document page, String formId, String except) {
		Element form = page.getElementById(formId);
		if (form == null) {
			throw new IllegalStateException("no form '" + formId + "' on " + page.location());
		}
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		form.select("input[type=hidden][name]")
			.stream()
			.filter((input) -> !input.attr("name").equals(except))
			.forEach((input) -> fields.add(Map.entry(input.attr("name"), input.attr("value"))));
		return new HtmlForm(URI.create(action(form)), fields);
	}

	/**
	 * The values of every input of the given name on the page, e.g. the scopes a consent
	 * page asks for.
	 */
	public static List<String> values(Document page, String name) {
		return page.select("input[name=" + name + "]").eachAttr("value");
	}

	private static HtmlForm of(Element form, Element pressed) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		Elements boxes = form.select("input[type=checkbox][name]");
		boolean checkAll = !boxes.isEmpty() && boxes.stream().noneMatch((box) -> box.hasAttr("checked"));
		for (Element input : form.select("input[name], select[name], textarea[name]")) {
			if (!input.hasAttr("disabled")) {
				field(input, checkAll).ifPresent(fields::add);
			}
		}
		if (pressed != null && pressed.hasAttr("name")) {
			fields.add(Map.entry(pressed.attr("name"), pressed.attr("value")));
		}
		return new HtmlForm(URI.create(action(form)), fields);
	}

	private static Optional<Map.Entry<String, String>> field(Element input, boolean checkAll) {
		String name = input.attr("name");
		String type = input.attr("type").toLowerCase(Locale.ROOT);
		return switch (input.tagName()) {
			case "select" -> Optional.ofNullable(input.selectFirst("option[selected]"))
				.or(() -> Optional.ofNullable(input.selectFirst("option")))
				.map((option) -> Map.entry(name, option.hasAttr("value") ? option.attr("value") : option.text()));
			case "textarea" -> Optional.of(Map.entry(name, input.text()));
			default -> switch (type) {
				case "submit", "button", "image", "reset" -> Optional.empty();
				case "checkbox",
						"radio" ->
					(input.hasAttr("checked") || (checkAll && type.equals("checkbox")))
							? Optional.of(Map.entry(name, input.hasAttr("value") ? input.attr("value") : "on"))
							: Optional.empty();
				default -> Optional.of(Map.entry(name, input.attr("value")));
			};
		};
	}

	private static String action(Element form) {
		String action = form.hasAttr("action") ? form.absUrl("action") : form.baseUri();
		return action.isEmpty() ? form.baseUri() : action;
	}

	/** Sets a field (replacing every existing value of that name). */
	public HtmlForm set(String name, String value) {
		this.fields.removeIf((field) -> field.getKey().equals(name));
		this.fields.add(Map.entry(name, value));
		return this;
	}

	/** Adds a value, as a ticked box of a group does. */
	public HtmlForm add(String name, String value) {
		this.fields.add(Map.entry(name, value));
		return this;
	}

	public URI action() {
		return this.action;
	}

	public List<Map.Entry<String, String>> fields() {
		return List.copyOf(this.fields);
	}

	public String encodedBody() {
		return this.fields.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
