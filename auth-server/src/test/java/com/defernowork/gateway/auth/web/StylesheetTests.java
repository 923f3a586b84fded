package com.defernowork.gateway.auth.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stylesheet's rules that no page test sees: how text scales, wraps and keeps its
 * edges for a person whose browser is set otherwise than the default.
 */
class StylesheetTests {

	private static final Pattern RULE = Pattern.compile("([^{}]+)\\{([^{}]*)\\}");

	private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

	private final Map<String, String> rules = rules();

	@Test
	void bodyTakesThePersonsDefaultFontSizeAsHeadingsDo() {
		assertThat(this.rules.get("body")).containsPattern("font:\\s*100%/").doesNotContainPattern("\\d+px/");
	}

	@Test
	void cardWrapsAnyLongUnbrokenWordInAnyOfItsElements() {
		assertThat(this.rules.get(".card")).contains("overflow-wrap: anywhere");
	}

	@Test
	void primaryButtonKeepsAnEdgeThatForcedColoursDraw() {
		assertThat(this.rules.get(".primary")).contains("border: 1px solid transparent")
			.doesNotContainPattern("border:\\s*(0|none)\\s*;");
	}

	@Test
	void primaryButtonInForcedColoursStandsApartFromTheOthersByItsEdgeAndUnderline() {
		// forced colours drop the background, all that told Approve from Deny
		Matcher forced = Pattern.compile("@media \\(forced-colors: active\\) \\{(.*?)\\n\\}", Pattern.DOTALL)
			.matcher(css());
		assertThat(forced.find()).isTrue();
		assertThat(forced.group(1)).containsPattern("\\.primary \\{[^}]*border-width: 3px")
			.containsPattern("\\.primary \\{[^}]*text-decoration: underline");
	}

	/** Top-level rules by selector; a selector written twice keeps its last rule. */
	private static Map<String, String> rules() {
		String css = COMMENT.matcher(css()).replaceAll("");
		// media queries nest rules: keep the outer sheet only
		css = css.replaceAll("@media[^{]*\\{(?:[^{}]*\\{[^{}]*\\})*[^{}]*\\}", "");
		Map<String, String> rules = new LinkedHashMap<>();
		Matcher matcher = RULE.matcher(css);
		while (matcher.find()) {
			rules.put(matcher.group(1).strip(), matcher.group(2));
		}
		return rules;
	}

	private static String css() {
		try (InputStream in = StylesheetTests.class.getResourceAsStream("/static/assets/app.css")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
