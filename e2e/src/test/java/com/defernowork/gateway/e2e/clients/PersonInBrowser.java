package com.defernowork.gateway.e2e.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A person at the browser an MCP client sent them to: signs in to the sandbox (Deferno's
 * sign-in page) when asked, approves the gateway's consent page, and stops once the
 * browser reaches the client's redirect URI. Screenshots every page it acts on.
 */
final class PersonInBrowser {

	private static final int MAX_PAGES = 8;

	private final HeadlessChromium browser;

	private final String username;

	private final String password;

	PersonInBrowser(HeadlessChromium browser, String username, String password) {
		this.browser = browser;
		this.username = username;
		this.password = password;
	}

	HeadlessChromium browser() {
		return this.browser;
	}

	/**
	 * Opens {@code authorizeUrl} and plays the person until the browser lands on a URL
	 * starting with {@code redirectUri}; screenshots are named {@code <shots>-<page>}.
	 */
	Authorization authorize(String authorizeUrl, String redirectUri, String shots) {
		List<String> pages = new ArrayList<>();
		ConsentPage consent = null;
		this.browser.open(authorizeUrl);
		for (int i = 0; i < MAX_PAGES; i++) {
			String url = this.browser.url();
			if (url.startsWith(redirectUri)) {
				return new Authorization(pages, consent, url);
			}
			Optional<WebElement> password = this.browser.find(By.name("password"));
			Optional<WebElement> approve = this.browser
				.find(By.cssSelector("form#approve button[type=submit]:not([hidden])"));
			if (password.isPresent()) {
				pages.add("sign-in");
				signIn(password.get(), shots);
			}
			else if (approve.isPresent()) {
				pages.add("consent");
				consent = ConsentPage.read(this.browser);
				this.browser.screenshot(shots + "-consent");
				this.browser.clickAndWait(approve.get());
			}
			else {
				this.browser.screenshot(shots + "-unexpected-page");
				throw new IllegalStateException(
						"unexpected page after " + pages + " at " + url + ":\n" + this.browser.text());
			}
		}
		throw new IllegalStateException(
				"no redirect to " + redirectUri + " after " + pages + "; at " + this.browser.url());
	}

	/**
	 * Opens {@code authorizeUrl}, signs in and returns the consent page, left unanswered.
	 */
	ConsentPage consentPage(String authorizeUrl, String shots) {
		this.browser.open(authorizeUrl);
		this.browser.find(By.name("password")).ifPresent((password) -> signIn(password, shots));
		if (this.browser.find(By.cssSelector("form#approve button[type=submit]:not([hidden])")).isEmpty()) {
			throw new IllegalStateException("no consent page at " + this.browser.url() + ":\n" + this.browser.text());
		}
		this.browser.screenshot(shots + "-consent");
		return ConsentPage.read(this.browser);
	}

	private void signIn(WebElement password, String shots) {
		this.browser.screenshot(shots + "-sign-in");
		WebElement user = this.browser.find(By.name("username")).orElseThrow();
		user.clear();
		user.sendKeys(this.username);
		password.sendKeys(this.password);
		this.browser.clickAndWait(this.browser.find(By.cssSelector("button[value=sign_in]"))
			.orElseThrow(() -> new IllegalStateException("no Sign in button on " + this.browser.url())));
	}

	/**
	 * What the person went through; {@code consent} is null when no consent page was
	 * shown.
	 */
	record Authorization(List<String> pages, ConsentPage consent, String redirectedTo) {
	}

	/** What the consent page told the person. */
	record ConsentPage(String heading, String text, List<String> scopes, boolean overflowsAtPhoneWidth) {

		static ConsentPage read(HeadlessChromium browser) {
			String heading = browser.find(By.tagName("h1")).map(WebElement::getText).orElse("");
			List<String> scopes = browser.findAll(By.cssSelector("form#approve input[name=scope]"))
				.stream()
				.map((input) -> input.getDomAttribute("value"))
				.toList();
			return new ConsentPage(heading, browser.text(), scopes, browser.overflowsAtPhoneWidth());
		}

	}

}
