package com.defernowork.gateway.auth.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page takes the shared head, so none goes without the stylesheet, the mobile
 * viewport or the gateway's name in its title.
 */
class PageTemplatesTests {

	private static final String ROOT = "templates/";

	private final SpringTemplateEngine engine = engine();

	static List<String> pages() throws IOException {
		Resource[] templates = new PathMatchingResourcePatternResolver()
			.getResources("classpath:" + ROOT + "**/*.html");
		List<String> pages = Arrays.stream(templates).map((template) -> {
			try {
				String url = template.getURL().toString();
				return url.substring(url.indexOf(ROOT) + ROOT.length(), url.length() - ".html".length());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}).filter((page) -> !page.startsWith("fragments/")).sorted().toList();
		assertThat(pages).contains("consent", "error", "apps/connected-apps", "upstream/problem");
		return pages;
	}

	@ParameterizedTest
	@MethodSource("pages")
	void everyPageTakesTheSharedHead(String page) {
		Context context = new Context();
		context.setVariables(Map.of("title", "Sign-in problem", "clientName", "Inspector"));
		String head = this.engine.process(page, Set.of("head"), context);

		assertThat(head)
			.contains("<link rel=\"stylesheet\" href=\"/assets/app.css\">", "<link rel=\"icon\" href=\"data:,\">",
					"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.containsPattern("<title>[^<]+ · Deferno MCP gateway</title>");
	}

	@ParameterizedTest
	@CsvSource({ "404, Page not found", "405, This request could not be handled",
			"421, This address is not the gateway's", "503, Something went wrong" })
	void errorPageWhenStatusThenItsTitleIsItsHeading(int status, String heading) {
		Context context = new Context();
		context.setVariables(Map.of("status", status));
		String page = this.engine.process("error", context);

		assertThat(page).contains("<title>" + heading.replace("'", "&#39;") + " · Deferno MCP gateway</title>",
				"<h1>" + heading.replace("'", "&#39;") + "</h1>");
	}

	@Test
	void unavailablePageWhenAFormWasSentThenItSaysToGoBackAndPressTheButtonAgain() {
		// a link cannot send the form again; reloading asks whether to, in browser words
		assertThat(text("unavailable", Map.of("seconds", 5, "reload", false)))
			.contains("Go back to the previous page (your browser's Back button) and press the same button again.");
		assertThat(text("unavailable", Map.of("seconds", 5, "reload", true))).contains("Try again")
			.doesNotContain("press the same button again");
	}

	@ParameterizedTest
	@CsvSource({ "false, the sign-in expired", "true, nothing was approved" })
	void expiredPageWhenTheApplicationWaitsThenItSaysPlainlyWhereTheLinkGoes(boolean outdated, String tell) {
		String text = text("sign-in-expired", Map.of("crossSite", false, "outdated", outdated, "connectedApps", false,
				"returnTo", "http://127.0.0.1:6276/cb", "returnsTo", "an application on this computer"));
		// a link, as a screen reader announces it, not a button
		assertThat(text)
			.contains("The application is still waiting for an answer. The link below takes you back to "
					+ "an application on this computer: tell the application that " + tell)
			.doesNotContain("waits for an answer at", "button");
	}

	@Test
	void authorizeErrorPageWhenTheResourceIsNotServedThenItSaysToCheckTheServerAddressNotToRegisterAgain() {
		Map<String, Object> model = Map.of("error", "invalid_target", "description",
				"The application asked for access to a service this gateway does not serve (resource).", "returnTo",
				"https://app.example/cb?error=invalid_target", "returnToHost", "app.example", "tryLater", false);
		assertThat(text("authorize-error", model))
			.contains("Go back to app.example to tell it what went wrong.",
					"check the server address you gave it (this gateway's MCP address), then connect again")
			.doesNotContain("register again", "Close this window");
		// a client the gateway no longer knows: registering again is the way
		assertThat(text("authorize-error",
				Map.of("error", "invalid_client", "description", "unknown client", "tryLater", false)))
			.contains("Close this window and try connecting again from the application. If it keeps happening, the "
					+ "application may need to register again.")
			.doesNotContain("server address");
		// the consent page's own refusal sets no tryLater
		assertThat(text("authorize-error", Map.of("error", "invalid_request", "description", "expired")))
			.contains("Close this window and try connecting again");
	}

	@Test
	void notFoundPageWhenShownThenItLeadsToTheConnectedAppsAsNginxsOwnDoes() {
		Context context = new Context();
		context.setVariables(Map.of("status", 404));
		String page = this.engine.process("error", context);

		assertThat(page).contains("<a href=\"/connected-apps\">Your connected apps</a>");
		assertThat(Jsoup.parse(page).text()).contains("There is no page at this address. If you were connecting an "
				+ "application, go back to it and connect again. Your connected apps: see which apps you allowed, "
				+ "and disconnect them.");
	}

	private String text(String page, Map<String, Object> variables) {
		Context context = new Context();
		context.setVariables(variables);
		return Jsoup.parse(this.engine.process(page, context)).text();
	}

	private static SpringTemplateEngine engine() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix(ROOT);
		resolver.setSuffix(".html");
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

}
