package com.defernowork.gateway.e2e.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * An HTML form as a browser submits it: its action, the successful controls (inputs with their values, checked
 * boxes, selects, textareas) and the one submit button that was pressed.
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
	 * The form holding a submit button whose label matches {@code button} (case-insensitive), as if that button
	 * were pressed. Unchecked boxes stay unchecked unless the form has boxes but none checked, in which case all are
	 * checked (a consent page that asks to tick the scopes).
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

	private static HtmlForm of(Element form, Element pressed) {
		String action = form.hasAttr("action") ? form.absUrl("action") : form.baseUri();
		if (action.isEmpty()) {
			action = form.baseUri();
		}
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		Elements boxes = form.select("input[type=checkbox][name]");
		boolean checkAll = !boxes.isEmpty() && boxes.stream().noneMatch(box -> box.hasAttr("checked"));
		for (Element input : form.select("input[name], select[name], textarea[name]")) {
			if (input.hasAttr("disabled")) {
				continue;
			}
			String type = input.attr("type").toLowerCase();
			switch (input.tagName()) {
				case "select" -> {
					Element selected = input.selectFirst("option[selected]");
					selected = (selected != null) ? selected : input.selectFirst("option");
					if (selected != null) {
						fields.add(Map.entry(input.attr("name"), selected.hasAttr("value") ? selected.attr("value")
								: selected.text()));
					}
				}
				case "textarea" -> fields.add(Map.entry(input.attr("name"), input.text()));
				default -> {
					if (type.equals("submit") || type.equals("button") || type.equals("image")
							|| type.equals("reset")) {
						continue;
					}
					if (type.equals("checkbox") || type.equals("radio")) {
						boolean checked = input.hasAttr("checked") || (checkAll && type.equals("checkbox"));
						if (checked) {
							fields.add(Map.entry(input.attr("name"), input.hasAttr("value") ? input.attr("value") : "on"));
						}
						continue;
					}
					fields.add(Map.entry(input.attr("name"), input.attr("value")));
				}
			}
		}
		if (pressed != null && pressed.hasAttr("name")) {
			fields.add(Map.entry(pressed.attr("name"), pressed.attr("value")));
		}
		return new HtmlForm(URI.create(action), fields);
	}

	/** Sets a field (replacing every existing value of that name). */
	public HtmlForm set(String name, String value) {
		this.fields.removeIf(field -> field.getKey().equals(name));
		this.fields.add(Map.entry(name, value));
		return this;
	}

	public URI action() {
		return this.action;
	}

	public List<Map.Entry<String, String>> fields() {
		return List.copyOf(this.fields);
	}

	String encodedBody() {
		return this.fields.stream()
			.map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
