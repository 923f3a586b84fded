package com.defernowork.gateway.sandbox.oauth;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in page's colours against WCAG 2.2 AA, as axe-core measures them: text 4.5:1
 * (SC 1.4.3), a control's edge and the focus ring 3:1 (SC 1.4.11).
 */
class SignInPageTests {

	private static final String WHITE = "#ffffff";

	private final String page = SignInPage.signIn("Claude", Map.of("state", "s"), null, null, List.of("alice / alice"));

	@Test
	void signInWhenPrimaryButtonThenItsWhiteTextHasAaContrast() {
		String primary = rule(".primary");
		assertThat(contrast(colour(primary, "color"), colour(primary, "background"))).isGreaterThanOrEqualTo(4.5);
		String mark = rule(".mark");
		assertThat(contrast(colour(mark, "color"), colour(mark, "background"))).isGreaterThanOrEqualTo(4.5);
	}

	@Test
	void signInWhenInputsAndButtonsThenEdgesAndFocusRingStandOutFromWhite() {
		assertThat(contrast(WHITE, colour(rule("input[type=text],input[type=password]"), "border")))
			.isGreaterThanOrEqualTo(3);
		assertThat(contrast(WHITE, colour(rule(".secondary"), "border"))).isGreaterThanOrEqualTo(3);
		assertThat(contrast(WHITE, colour(rule("input:focus"), "outline"))).isGreaterThanOrEqualTo(3);
		assertThat(contrast(WHITE, colour(rule("button:focus-visible"), "outline"))).isGreaterThanOrEqualTo(3);
	}

	private String rule(String selector) {
		Matcher rule = Pattern.compile("(?m)^" + Pattern.quote(selector) + "\\{([^}]*)}").matcher(this.page);
		assertThat(rule.find()).as("rule %s", selector).isTrue();
		return rule.group(1);
	}

	private static String colour(String declarations, String property) {
		Matcher value = Pattern.compile("(?:^|;)" + Pattern.quote(property) + ":[^;]*?(#[0-9a-f]{3,6})\\b")
			.matcher(declarations);
		assertThat(value.find()).as("%s in %s", property, declarations).isTrue();
		return value.group(1);
	}

	static double contrast(String a, String b) {
		double la = luminance(a);
		double lb = luminance(b);
		return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
	}

	private static double luminance(String hex) {
		String rgb = (hex.length() == 4) ? hex.replaceAll("([0-9a-f])", "$1$1") : hex;
		double[] channels = new double[3];
		for (int i = 0; i < 3; i++) {
			double c = Integer.parseInt(rgb.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
			channels[i] = (c <= 0.03928) ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
	}

}
