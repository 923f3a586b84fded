package com.defernowork.gateway.auth.support;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;

import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.HtmlForm;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing out as a person does: the connected-apps page's sign-out button. */
public final class SignOut {

	private static final Pattern BUTTON = Pattern.compile("(?i)sign out");

	private SignOut() {
	}

	/** Signs the browser's person out and checks the page says so. */
	public static void of(Browser browser, String baseUrl) {
		HttpResponse<String> apps = browser.get(baseUrl + "/connected-apps");
		assertThat(apps.statusCode()).as(apps.body()).isEqualTo(200);
		HtmlForm signOut = HtmlForm.withButton(Jsoup.parse(apps.body(), baseUrl), BUTTON).orElseThrow();
		Browser.Step signedOut = browser.submit(signOut, (uri) -> false);
		assertThat(signedOut.status()).isEqualTo(200);
		assertThat(signedOut.body()).containsIgnoringCase("signed out");
	}

}
